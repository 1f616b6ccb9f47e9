/** What machine and runtime produced a result (recorded in every JSON the CLI writes). */
import os from 'node:os';

export interface RunEnvironment {
  backend: string;
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
}

export function runEnvironment(backend: string): RunEnvironment {
  const cpus = os.cpus();
  return {
    backend,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
  };
}
