import { describe, expect, it } from 'vitest';
import type { CheckpointReason, RunCheckpoint } from '../../compute/engine/checkpoint';
import { packCurves } from '../../compute/engine/curvePack';
import { defaultSettings } from '../../compute/engine/settings';
import type { TaskId } from '../../core/tasks/registry';
import { RunKeeper, RUNS_PER_TASK, type KeeperHost } from './runKeeper';
import { memoryRunStorage, type RunStorage } from './runStorage';

function checkpoint(reason: CheckpointReason, episodes: number, task: TaskId = 'pendulum'): RunCheckpoint {
  const record = {
    episode: 1,
    return: -5,
    success: true,
    steps: 10,
    wallMs: 1,
    meanFreeEnergy: 1,
    tdLoss: 0.1,
    system: 'true' as const,
  };
  return {
    settings: defaultSettings(task),
    curves: packCurves(
      Array.from({ length: episodes }, (_, i) => ({ phase: 'train' as const, record: { ...record, episode: i + 1 } })),
    ),
    weights: null,
    train: null,
    updates: episodes * 32,
    reason,
  };
}

function host() {
  let t = 1_000;
  const h = { notices: [] as string[], restored: [] as RunCheckpoint[], downloads: [] as string[] };
  const api: KeeperHost = {
    restore: (cp) => h.restored.push(cp),
    notice: (m) => h.notices.push(m),
    download: (name) => h.downloads.push(name),
    now: () => (t += 1000),
  };
  return { h, api };
}

describe('RunKeeper', () => {
  it('saves each checkpoint as the current run and offers it after a reload', async () => {
    const storage = memoryRunStorage();
    const { api } = host();
    const k = new RunKeeper(storage, api);
    await k.start();
    k.onCheckpoint(checkpoint('episode', 1));
    k.onCheckpoint(checkpoint('episode', 2));
    k.onCheckpoint(checkpoint('stop', 3));
    await k.idle();
    expect((await storage.list()).map((r) => r.episodes)).toEqual([3]);
    const again = new RunKeeper(storage, host().api);
    await again.start();
    expect(again.state.getState().resume?.episodes).toBe(3);
    const { h: h2, api: api2 } = host();
    const third = new RunKeeper(storage, api2);
    await third.start();
    await third.open(third.state.getState().resume!.id);
    expect(h2.restored[0].curves.count).toBe(3);
    expect(third.state.getState().resume).toBeNull();
  });

  it('keeps a trained run when pretrained weights replace it, and says so', async () => {
    const { h, api } = host();
    const k = new RunKeeper(memoryRunStorage(), api);
    await k.start();
    k.onCheckpoint(checkpoint('stop', 3));
    k.onCheckpoint(checkpoint('load', 0));
    await k.idle();
    const runs = k.state.getState().runs;
    expect(runs.map((r) => r.name)).toEqual(['Pretrained Pendulum swing-up', 'Pendulum swing-up · MPQ · seed 0']);
    expect(h.notices[0]).toMatch(
      /Pretrained weights were loaded: your run “Pendulum swing-up · MPQ · seed 0” \(3 training episodes\) is kept in Runs/,
    );
    expect(k.state.getState().currentId).toBe(runs[0].id);
  });

  it(`keeps at most ${RUNS_PER_TASK} runs per task, renames, deletes and exports`, async () => {
    const storage = memoryRunStorage();
    const { h, api } = host();
    const k = new RunKeeper(storage, api);
    await k.start();
    for (let i = 0; i < RUNS_PER_TASK + 2; i++) {
      k.onCheckpoint(checkpoint('episode', 1));
      k.onSettings({ ...defaultSettings('pendulum') }, { ...defaultSettings('fetch') });
    }
    k.onCheckpoint(checkpoint('episode', 1, 'fetch'));
    await k.idle();
    const runs = await storage.list();
    expect(runs.filter((r) => r.task === 'pendulum')).toHaveLength(RUNS_PER_TASK);
    expect(runs.filter((r) => r.task === 'fetch')).toHaveLength(1);
    const id = runs[0].id;
    await k.rename(id, '  lecture demo  ');
    expect((await storage.load(id))!.meta.name).toBe('lecture demo');
    await k.exportRun(id);
    expect(h.downloads).toEqual(['mpq-run-lecture-demo.json']);
    await k.remove(id);
    expect((await storage.list()).some((r) => r.id === id)).toBe(false);
  });

  it('says once when storage fails and keeps the runs in memory for the visit', async () => {
    const full: RunStorage = {
      ...memoryRunStorage(),
      save: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
    };
    const { h, api } = host();
    const k = new RunKeeper(full, api);
    await k.start();
    k.onCheckpoint(checkpoint('episode', 1));
    k.onCheckpoint(checkpoint('episode', 2));
    await k.idle();
    k.onCheckpoint(checkpoint('episode', 3));
    await k.idle();
    expect(
      h.notices.filter((n) => /kept only until this tab closes: the browser's storage for this page is full/.test(n)),
    ).toHaveLength(1);
    expect(k.state.getState().problem).toMatch(/full/);
    await k.open(k.state.getState().currentId!);
    expect(h.restored[0].curves.count).toBe(3);
  });

  it('works without IndexedDB at all', async () => {
    const { h, api } = host();
    const k = new RunKeeper(() => {
      throw new ReferenceError('indexedDB is not defined');
    }, api);
    await k.start();
    expect(h.notices[0]).toMatch(/IndexedDB is not available here/);
  });
});
