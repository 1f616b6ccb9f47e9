/** A worker of the page's target pool (targetPool.ts): slice requests in, their targets out (targetSlice.ts). */
import type { SliceReply, SliceRequest } from './targetPool';
import { sliceHandler } from './targetSlice';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = sliceHandler();

scope.onmessage = (ev: MessageEvent<SliceRequest>) => {
  const reply: SliceReply = handle(ev.data);
  scope.postMessage(reply, reply.targets ? [reply.targets.buffer] : []);
};
