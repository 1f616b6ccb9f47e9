/**
 * Why a long horizon can plan worse than a short one (docs/results-tasks.md,
 * Franka): the spread across MPPI samples of the two parts of the trajectory
 * cost S_n (Eq. 16), in units of λ — the discounted task cost, and the
 * undiscounted importance-sampling term λ Σ_t ½ uᵀΣ⁻¹(u + 2ε), which grows with
 * H · action dimension. When the second spread is the larger one, the weights
 * exp(−S/λ) rank samples more by their noise than by their task cost.
 *
 *   npx tsx src/cli/diagnostics/costSpread.ts [--task franka] [--episodes 4]
 *
 * Plain MPPI on the true model, the paper's settings, the task's short and long
 * horizon, eval episodes 0.. of seed 1; prints JSON (medians over control steps).
 */
import { MpcAgent } from '../../core/agent';
import { defaultAgentConfig } from '../../core/config';
import { getTask } from '../../core/tasks/registry';
import { EpisodeRun, episodeKey } from '../../core/train';
import { FLAGS, USAGE } from '../flagTable';

let flags;
try {
  flags = FLAGS.parse('cost-spread', process.argv.slice(2));
} catch (err) {
  process.stderr.write(`cost-spread: ${(err as Error).message}\n`);
  process.exit(2);
}
if (flags.help) {
  process.stdout.write(FLAGS.help('cost-spread', USAGE['cost-spread']) + '\n');
  process.exit(0);
}
const taskId = flags.string('task') ?? 'franka';
const episodes = flags.number('episodes') ?? 4;

const sd = (a: readonly number[]): number => {
  const m = a.reduce((x, y) => x + y, 0) / a.length;
  return Math.sqrt(a.reduce((x, y) => x + (y - m) ** 2, 0) / a.length);
};
const median = (a: readonly number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1];

const task = getTask(taskId);
const result: Record<string, unknown> = { task: taskId, agent: 'mppi, true model, one iteration', seed: 1, episodes };
for (const H of [task.paper.mpqHorizon, task.paper.longHorizon]) {
  const cfg = defaultAgentConfig(task, 'mppi');
  cfg.mppi.horizon = H;
  cfg.model = 'true';
  const agent = new MpcAgent(task, cfg, null);
  const { samples: N, lambda, sigma } = cfg.mppi;
  const width = H * task.actionDim;
  const taskSpread: number[] = [];
  const controlSpread: number[] = [];
  for (let ep = 0; ep < episodes; ep++) {
    const key = episodeKey(1, 'eval', ep);
    const run = new EpisodeRun(task, cfg.costWeights);
    run.begin(key);
    agent.beginEpisode(key);
    while (!run.over) {
      const means = Float64Array.from(agent.means); // the plan this step's samples perturb
      agent.act(run.sys.state, 0, run.t, run.action);
      const control: number[] = [];
      const taskCost: number[] = [];
      for (let n = 0; n < N; n++) {
        let s = 0;
        for (let i = 0; i < width; i++) s += means[i] * (means[i] + 2 * agent.ws.noise[n * width + i]);
        const c = ((0.5 * lambda) / sigma) * s;
        control.push(c);
        taskCost.push(agent.ws.costs[n] - c);
      }
      taskSpread.push(sd(taskCost) / lambda);
      controlSpread.push(sd(control) / lambda);
      run.apply(agent.lastFreeEnergy);
    }
  }
  result[`H${H}`] = {
    controlSteps: taskSpread.length,
    medianTaskCostSpreadInLambda: median(taskSpread),
    medianControlTermSpreadInLambda: median(controlSpread),
  };
}
console.log(JSON.stringify(result, null, 1));
