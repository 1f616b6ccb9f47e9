/**
 * Step-through of one MPPI iteration (paper Eq. 15–18), frozen at the current
 * state: five sub-steps, each with its equation typeset with the live numbers
 * and, where it helps, a figure: (a) noise around the plan, (b) the rollouts'
 * costs as stacked bars (running, terminal, control), (c) the weights under a
 * λ that can move without new samples, (d) the mean update, (e) the action
 * applied and the plan shifted. Next after (e) takes the real control step and
 * freezes the next iteration.
 *
 * Keys while stepping through: → next, ← previous, Esc leave; I starts or leaves.
 * Self-contained: the view and the commands come in as props.
 */
import { useEffect, useRef } from 'react';
import { INSPECT_STAGES, type InspectStage, type InspectView } from '../../compute/engine/inspect';
import type { LabSettings } from '../../compute/engine/settings';
import { COST_PARTS } from '../../core/weighting';
import { numberProblem, withNumber } from '../controls/editSettings';
import { NumberSlider } from '../controls/NumberSlider';
import { sliderRange } from '../controls/settingSlider';
import { isTypingTarget } from '../keyboard';
import { colored, fmt, tex, TERM_COLORS } from './palette';
import { Tex } from './Tex';
import './lectureTools.css';

export interface StepThroughActions {
  inspect(stage: InspectStage): void;
  end(): void;
  /** The real control step (after sub-step e). */
  step(): void;
}

export interface StepThroughProps {
  view: InspectView | null;
  settings: LabSettings;
  onChange: (s: LabSettings) => void;
  actions: StepThroughActions;
  /** False while training owns the engine. */
  enabled: boolean;
}

/** The keys, for a help line. */
export const STEP_SHORTCUTS: readonly (readonly [string, string])[] = [
  ['I', 'step through one MPPI iteration'],
  ['→ / ←', 'next / previous sub-step'],
  ['Esc', 'leave step-through'],
];

const TITLES: Record<InspectStage, string> = {
  noise: 'Noise around the plan',
  score: 'Score every rollout',
  weights: 'Weights exp(−S/λ)',
  update: 'Update the plan',
  shift: 'Act and shift',
};

const SAY: Record<InspectStage, string> = {
  noise: 'N noise sequences are drawn around the plan U and each is rolled out on the model. Nothing is weighted yet.',
  score:
    'Each rollout gets a cost: the running cost along it, a terminal term at the horizon and the control cost of its noise.',
  weights:
    'Low cost means high weight. λ sets how sharply: small λ gives one or two samples all the weight, large λ spreads it. Move λ: the same samples are re-weighted.',
  update:
    'The plan moves by the weighted average of the noise: the ghost is the old plan, the bright line the new one.',
  shift:
    'The first action is applied to the real system; the plan shifts one step and the next iteration starts from it.',
};

const R = TERM_COLORS.running;
const T = TERM_COLORS.terminal;
const C = TERM_COLORS.control;
const W = TERM_COLORS.weight;

/** `a + b + c` of coloured numbers as TeX, a negative term written as a subtraction. */
function sumTex(terms: readonly (readonly [string, number])[]): string {
  return terms
    .map(([color, x], i) => {
      const body = colored(color, tex(i > 0 ? Math.abs(x) : x));
      return i === 0 ? body : `${x < 0 ? '-' : '+'} ${body}`;
    })
    .join(' ');
}

/** The stage's equation with the live numbers (TeX), in short lines for a narrow column. */
export function stageEquation(v: InspectView): string {
  const b = v.best;
  const na = v.actionDim;
  const H = v.horizon;
  const split = (n: number, k: number) => v.split[n * COST_PARTS + k];
  // Which action dimension the numbers show, on a row of its own (a narrow column has no room beside them).
  const dim = na > 1 ? [`&\\text{(action dim 1 of ${na})}`] : [];
  const term = v.hasQ ? 'Q(s_{H-1},a_{H-1})' : 'c(s_{H-1},a_{H-1})';
  const lines = (rows: string[]) => `\\begin{aligned}${rows.join('\\\\')}\\end{aligned}`;
  switch (v.stage) {
    case 'noise':
      return lines([
        `&\\varepsilon^n_t \\sim \\mathcal N(0,\\Sigma),\\quad a^n_t = \\operatorname{clip}(u_t + \\varepsilon^n_t)`,
        `&\\Sigma = ${tex(v.sigma)},\\ N = ${v.samples},\\ H = ${H}`,
        `&u_0 = ${tex(v.meanBefore[0])},\\ \\varepsilon^{1}_0 = ${tex(v.noise[0])}`,
        ...dim,
      ]);
    case 'score':
      return lines([
        `S_n = {}& ${colored(R, '\\textstyle\\sum_{t=0}^{H-2}\\gamma^t c(s_t,a_t)')}`,
        `&+ ${colored(T, `\\gamma^{H-1}${term}`)}`,
        `&+ ${colored(C, '\\lambda\\textstyle\\sum_t \\tfrac12 u_t^{\\top}\\Sigma^{-1}(u_t+2\\varepsilon_t)')}`,
        `S_{\\text{best}} = {}& ${sumTex([
          [R, split(b, 0)],
          [T, split(b, 1)],
          [C, split(b, 2)],
        ])} = ${tex(v.costs[b])}`,
      ]);
    case 'weights':
      return lines([
        `&${colored(W, 'w_n')} = \\frac{e^{-S_n/\\lambda}}{\\sum_m e^{-S_m/\\lambda}}`,
        `&\\lambda = ${tex(v.lambda)}:\\ ${colored(W, 'w_{\\text{best}}')} = ${colored(W, tex(v.weights[b]))}`,
        `&\\text{ESS} = \\frac{1}{\\sum_n ${colored(W, 'w_n')}^2} = ${tex(v.ess)} \\text{ of } N = ${v.samples}`,
      ]);
    case 'update': {
      const step = v.alpha === 0 ? 0 : (v.meanAfter[0] - v.meanBefore[0]) / v.alpha;
      return lines([
        `&u_t \\leftarrow u_t + \\alpha \\textstyle\\sum_n ${colored(W, 'w_n')} \\varepsilon^n_t`,
        `&u_0:\\ ${tex(v.meanBefore[0])} + ${tex(v.alpha)} \\cdot (${tex(step)}) = ${tex(v.meanAfter[0])}`,
        ...dim,
      ]);
    }
    case 'shift': {
      const show = Math.min(3, H);
      const list = Array.from({ length: show }, (_, t) => tex(v.meanShifted[t * na])).join(',\\,');
      return lines([
        `&a_t = u_0 = ${tex(v.action[0])}`,
        `&(u_0,\\dots,u_{H-1}) \\leftarrow (u_1,\\dots,u_{H-1},\\,${v.shiftFill === 'zero' ? '0' : 'u_{H-1}'})`,
        `&U = (${list}${H > show ? ',\\dots' : ''})`,
        ...dim,
      ]);
    }
  }
}

/** Plain-text reading of the equation for screen readers. */
function stageLabel(v: InspectView): string {
  return `${TITLES[v.stage]}: ${SAY[v.stage]}`;
}

/** The sorted costs as stacked bars: running, terminal, control (negative parts below zero). */
function drawCostBars(canvas: HTMLCanvasElement, v: InspectView): void {
  const dpr = Math.min(globalThis.devicePixelRatio ?? 1, 2);
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const N = v.samples;
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => v.costs[a] - v.costs[b]);
  const bars = Math.min(N, Math.floor(w / (3 * dpr)));
  const pick = Array.from({ length: bars }, (_, k) => order[Math.floor((k * N) / bars)]);
  let hi = 0;
  let lo = 0;
  for (const n of pick) {
    let pos = 0;
    let neg = 0;
    for (let k = 0; k < COST_PARTS; k++) {
      const x = v.split[n * COST_PARTS + k];
      if (x > 0) pos += x;
      else neg += x;
    }
    hi = Math.max(hi, pos);
    lo = Math.min(lo, neg);
  }
  const span = hi - lo || 1;
  const zero = h * (hi / span);
  const scale = (h * 0.98) / span;
  const bw = w / bars;
  const colors = [R, T, C];
  pick.forEach((n, i) => {
    let up = zero;
    let down = zero;
    for (let k = 0; k < COST_PARTS; k++) {
      const x = v.split[n * COST_PARTS + k];
      const len = Math.abs(x) * scale;
      ctx.fillStyle = colors[k];
      if (x >= 0) {
        up -= len;
        ctx.fillRect(i * bw + bw * 0.1, up, Math.max(dpr, bw * 0.8), len);
      } else {
        ctx.fillRect(i * bw + bw * 0.1, down, Math.max(dpr, bw * 0.8), len);
        down += len;
      }
    }
  });
  ctx.strokeStyle = 'rgba(238,242,248,0.8)';
  ctx.lineWidth = dpr;
  ctx.beginPath();
  ctx.moveTo(0, zero);
  ctx.lineTo(w, zero);
  ctx.stroke();
}

/** Share of the total |cost| that is the terminal term, over all samples. */
export function terminalShare(v: InspectView): number {
  let term = 0;
  let all = 0;
  for (let n = 0; n < v.samples; n++) {
    for (let k = 0; k < COST_PARTS; k++) all += Math.abs(v.split[n * COST_PARTS + k]);
    term += Math.abs(v.split[n * COST_PARTS + 1]);
  }
  return all > 0 ? term / all : 0;
}

/** True when the focused element moves with the arrow keys (a slider, a field, a list). */
function ownsArrows(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement;
}

export function StepThrough({ view, settings, onChange, actions, enabled }: StepThroughProps) {
  const bars = useRef<HTMLCanvasElement>(null);
  const index = view ? INSPECT_STAGES.indexOf(view.stage) : -1;
  const go = (delta: number) => {
    if (!view) return actions.inspect('noise');
    const next = index + delta;
    if (next < 0) return;
    if (next >= INSPECT_STAGES.length) {
      // After (e): the real step, then the next iteration's noise.
      actions.step();
      actions.inspect('noise');
      return;
    }
    actions.inspect(INSPECT_STAGES[next]);
  };
  const goRef = useRef(go);
  const stateRef = useRef({ open: view !== null, enabled, end: actions.end });
  useEffect(() => {
    goRef.current = go;
    stateRef.current = { open: view !== null, enabled, end: actions.end };
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      const { open, enabled: on, end } = stateRef.current;
      if (!on) return;
      let act: (() => void) | null = null;
      if (e.key === 'i' || e.key === 'I') act = open ? end : () => goRef.current(0);
      // A focused slider or field uses the arrows itself (the λ slider at sub-step c).
      else if (open && e.key.startsWith('Arrow') && ownsArrows(e.target)) return;
      else if (open && e.key === 'ArrowRight') act = () => goRef.current(1);
      else if (open && e.key === 'ArrowLeft') act = () => goRef.current(-1);
      else if (open && e.key === 'Escape') act = end;
      if (!act) return;
      e.preventDefault();
      act();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (view?.stage === 'score' && bars.current) drawCostBars(bars.current, view);
  }, [view]);

  if (!view) {
    return (
      <section className="step-through" data-testid="step-through" data-stage="none" aria-label="One MPPI iteration">
        <button
          type="button"
          className="step-start"
          data-testid="inspect-start"
          disabled={!enabled}
          onClick={() => actions.inspect('noise')}
        >
          Step through one MPPI iteration <kbd>I</kbd>
        </button>
      </section>
    );
  }

  return (
    <section
      className="step-through open"
      data-testid="step-through"
      data-stage={view.stage}
      aria-label="One MPPI iteration, step by step"
    >
      <ol className="stage-list">
        {INSPECT_STAGES.map((s, i) => (
          <li key={s}>
            <button
              type="button"
              className={s === view.stage ? 'stage current' : 'stage'}
              aria-current={s === view.stage ? 'step' : undefined}
              onClick={() => actions.inspect(s)}
              data-testid={`inspect-stage-${s}`}
            >
              {String.fromCharCode(97 + i)}
            </button>
          </li>
        ))}
      </ol>
      <h2 className="stage-title">
        ({String.fromCharCode(97 + index)}) {TITLES[view.stage]}
      </h2>
      <p className="stage-say">{SAY[view.stage]}</p>
      <Tex expr={stageEquation(view)} label={stageLabel(view)} testId="step-equation" />
      {view.stage === 'score' && (
        <figure className="cost-bars">
          <canvas
            ref={bars}
            role="img"
            aria-label="Every rollout's cost, sorted, as stacked bars: running, terminal and control cost"
          />
          <figcaption>
            S sorted: <span style={{ color: R }}>■ running</span> <span style={{ color: T }}>■ terminal</span>{' '}
            <span style={{ color: C }}>■ control</span> · terminal share{' '}
            <strong data-testid="terminal-share" style={{ color: T }}>
              {fmt(100 * terminalShare(view), 2)} %
            </strong>
          </figcaption>
        </figure>
      )}
      {view.stage === 'weights' && (
        <NumberSlider
          id="step-lambda"
          {...sliderRange('lambda')}
          label={`${sliderRange('lambda').label} (same samples)`}
          value={settings.lambda}
          problem={(x) => numberProblem(settings, 'lambda', x)}
          onChange={(lambda) => onChange(withNumber(settings, 'lambda', lambda))}
        />
      )}
      {view.stage === 'shift' && view.iterations > 1 && (
        <p className="stage-note">
          The settings run {view.iterations} iterations per control step, so the real step repeats (a)–(d){' '}
          {view.iterations} times before it acts.
        </p>
      )}
      <div className="step-nav">
        <button type="button" data-testid="inspect-prev" disabled={index === 0} onClick={() => go(-1)}>
          ← Previous
        </button>
        <button type="button" data-testid="inspect-next" onClick={() => go(1)}>
          {view.stage === 'shift' ? 'Take the step →' : 'Next →'}
        </button>
        <button type="button" data-testid="inspect-end" onClick={actions.end}>
          Leave
        </button>
      </div>
      <p className="stage-meta">
        Step {view.episodeStep} of episode {view.episode + 1} · planner {view.planner} · N {view.samples} · H{' '}
        {view.horizon}
      </p>
    </section>
  );
}
