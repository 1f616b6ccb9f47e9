/**
 * `reproduce --jobs J`: the runs still to train, spread over J child processes
 * (child.ts), each training one run at a time and taking the next when done.
 * Runs are deterministic given their seed and the backend, so the records are
 * those of `--jobs 1`; only wall times differ. A child that fails or dies ends
 * the whole experiment with its message (the other children are stopped).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BackendName } from '../../compute/backendNames';
import type { RunSpec } from './experiments';
import type { QWeightsFile } from '../../core/weightsFile';
import type { RunResult } from './report';
import type { TrainedRun } from './trainRun';

/** What the parent sends a child: one run to train. */
export interface ParentMessage {
  index: number;
  spec: RunSpec;
  tag: string;
  quiet: boolean;
}

/** What a child answers. */
export type ChildMessage =
  | { type: 'progress'; index: number; line: string }
  | { type: 'done'; index: number; run: RunResult; weights: QWeightsFile | null }
  | { type: 'error'; index: number; message: string };

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));

/**
 * Trains `todo` in up to `jobs` children on `backend`; `onDone` is called as each
 * run finishes (in finishing order), progress lines go to `say`.
 */
export function trainInChildren(
  todo: readonly { index: number; spec: RunSpec; tag: string }[],
  opts: { jobs: number; backend: BackendName; quiet: boolean; say: (line: string) => void },
  onDone: (index: number, trained: TrainedRun) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const queue = [...todo];
    const children = new Set<ChildProcess>();
    let pending = todo.length;
    let failed = false;
    const stopAll = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const c of children) c.kill();
      reject(err);
    };
    const n = Math.min(opts.jobs, todo.length);
    if (n === 0) resolve();
    for (let i = 0; i < n; i++) {
      // The child runs under the same loader flags as this process (tsx); values cross as structured clones.
      const child = fork(CHILD, [opts.backend], { execArgv: process.execArgv, serialization: 'advanced' });
      children.add(child);
      /** The run this child is training, if any. */
      let current: number | null = null;
      const next = () => {
        const job = queue.shift();
        if (!job) {
          current = null;
          child.disconnect();
          return;
        }
        current = job.index;
        const msg: ParentMessage = { index: job.index, spec: job.spec, tag: job.tag, quiet: opts.quiet };
        child.send(msg);
      };
      child.on('message', (m: ChildMessage) => {
        if (m.type === 'progress') opts.say(m.line);
        else if (m.type === 'error') stopAll(new Error(`run ${m.index + 1} failed in a child process: ${m.message}`));
        else {
          onDone(m.index, { run: m.run, weights: m.weights });
          pending--;
          if (pending === 0) resolve();
          next();
        }
      });
      child.on('error', (err) => stopAll(new Error(`a child process failed: ${err.message}`)));
      child.on('exit', (code, signal) => {
        children.delete(child);
        if (current !== null)
          stopAll(
            new Error(
              `the child process training run ${current + 1} ended (${signal ?? `exit status ${code}`}) before it was done`,
            ),
          );
      });
      next();
    }
  });
}
