/** Readable names and units of task parameters, from the TaskSpec's names (`string_stiffness_N_per_m`). */
import { shortParamName } from '../url/urlState';

const UNIT_TEXT: Record<string, string> = {
  kg: 'kg',
  m: 'm',
  m2: 'm²',
  N: 'N',
  Nm: 'N·m',
  Nms: 'N·m·s',
  Ns: 'N·s',
  s: 's',
  rad: 'rad',
};

/** `ball_inertia_kg_m2` → { name: 'ball inertia', unit: 'kg·m²' }; `sliding_friction` → unit ''. */
export function paramLabel(paramName: string): { name: string; unit: string } {
  const short = shortParamName(paramName);
  const tokens = paramName.slice(short.length).split('_').filter(Boolean);
  let unit = '';
  for (const t of tokens) {
    if (t === 'per') unit += '/';
    else unit += (unit === '' || unit.endsWith('/') ? '' : '·') + (UNIT_TEXT[t] ?? t);
  }
  return { name: short.replace(/_/g, ' '), unit };
}
