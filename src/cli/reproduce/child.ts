/**
 * A child process of `reproduce --jobs J` (pool.ts forks it): starts the tfjs
 * backend named in its argument, then trains each run it is sent, one at a
 * time, answering with the result (or the error) and its progress lines.
 * It exits when the parent disconnects.
 */
import type { BackendName } from '../../compute/backendNames';
import { startNodeBackend } from '../nodeBackend';
import type { ChildMessage, ParentMessage } from './pool';
import { trainRun } from './trainRun';

const send = (m: ChildMessage) => process.send!(m);
const ready = startNodeBackend(process.argv[2] as BackendName);

process.on('message', (m: ParentMessage) => {
  ready
    .then(() => trainRun(m.spec, m.tag, m.quiet ? null : (line) => send({ type: 'progress', index: m.index, line })))
    .then(
      ({ run, weights }) => send({ type: 'done', index: m.index, run, weights }),
      (err: unknown) =>
        send({ type: 'error', index: m.index, message: err instanceof Error ? err.message : String(err) }),
    );
});
process.on('disconnect', () => process.exit(0));
