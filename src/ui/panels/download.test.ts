import { describe, expect, it } from 'vitest';
import { parseJsonFile } from './download';

describe('parseJsonFile', () => {
  it('parses JSON', () => {
    expect(parseJsonFile('{"a": [1, 2]}', 'run.json')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseJsonFile('null', 'run.json')).toEqual({ ok: true, value: null });
  });
  it('names the file and the reason when it is not JSON', () => {
    const r = parseJsonFile('{"a": ', 'run.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^run\.json is not JSON: .+/);
    const empty = parseJsonFile('  \n', 'my run.json');
    expect(empty).toEqual({ ok: false, message: 'my run.json is not JSON: the file is empty' });
  });
});
