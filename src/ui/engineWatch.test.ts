import { describe, expect, it } from 'vitest';
import {
  busyText,
  DEAD_AFTER_MS,
  healthOf,
  HUNG_AFTER_MS,
  mustCancel,
  READ_GRACE_MS,
  START_GRACE_MS,
} from './engineWatch';

const base = {
  now: 10_000,
  startedAt: 0,
  lastHeard: 9_900,
  busy: null,
  reading: null,
  listeningSince: 0,
  life: 'unknown',
} as const;

describe('engine health', () => {
  it('is ok while heartbeats come, dead after an unannounced silence, busy during an announced one', () => {
    expect(healthOf(base).state).toBe('ok');
    const silent = { ...base, lastHeard: base.now - DEAD_AFTER_MS - 1 };
    const dead = healthOf(silent);
    expect(dead.state).toBe('dead');
    expect(dead.state === 'dead' && dead.message).toMatch(/no heartbeat for 5\.0 s/);
    const busy = healthOf({ ...silent, busy: { work: 'control step', predictedMs: 60_000, at: 4_000 } });
    expect(busy).toEqual({ state: 'busy', work: 'control step', predictedMs: 60_000, sinceMs: 6_000 });
  });

  it('a worker holding its life lock is alive through a long unannounced silence; one that released it is dead at once', () => {
    const held = { ...base, now: 100_000, lastHeard: 100_000 - HUNG_AFTER_MS, life: 'held' } as const;
    // A loaded machine: 20 s of silence (a slow setup, a thread starved by other work) is not a death.
    expect(healthOf(held).state).toBe('ok');
    const hung = healthOf({ ...held, now: held.now + 1 });
    expect(hung.state === 'dead' && hung.message).toMatch(/has not answered for 20\.0 s without saying why: it hung/);
    // Ended: dead whatever was heard last, and whatever it had announced.
    const ended = { ...base, lastHeard: base.now - 10, life: 'ended' } as const;
    expect(healthOf(ended)).toEqual({ state: 'dead', message: "the engine's worker ended: it crashed or was closed" });
    expect(healthOf({ ...ended, busy: { work: 'control step', predictedMs: 60_000, at: 4_000 } }).state).toBe('dead');
    // Without a lock the heartbeat alone decides, after DEAD_AFTER_MS.
    expect(healthOf({ ...base, lastHeard: base.now - DEAD_AFTER_MS }).state).toBe('ok');
  });

  it('a worker silent while it reads a run file it was sent is busy with it, for up to READ_GRACE_MS', () => {
    const silent = { ...base, lastHeard: 5_000 };
    expect(healthOf({ ...silent, reading: 4_000 })).toEqual({
      state: 'busy',
      work: 'run file',
      predictedMs: null,
      sinceMs: 6_000,
    });
    expect(healthOf({ ...silent, now: 4_000 + READ_GRACE_MS + 1, reading: 4_000 }).state).toBe('dead');
    // Reading is not a unit to cancel: commands wait for it.
    expect(mustCancel({ ...silent, reading: 4_000 })).toBe(false);
    expect(busyText({ state: 'busy', work: 'run file', predictedMs: null, sinceMs: 2_500 })).toBe(
      'run file being read for 2.5 s (length not known yet)',
    );
  });

  it("counts silence only while the page could listen: not through the page's own stall", () => {
    const silent = { ...base, lastHeard: base.now - DEAD_AFTER_MS - 1 };
    expect(healthOf({ ...silent, listeningSince: base.now - 100 }).state).toBe('ok');
    expect(healthOf({ ...silent, listeningSince: base.now - DEAD_AFTER_MS - 1 }).state).toBe('dead');
  });

  it('gives a starting worker its grace period', () => {
    expect(healthOf({ ...base, lastHeard: null, now: START_GRACE_MS - 1 }).state).toBe('ok');
    expect(healthOf({ ...base, lastHeard: null, now: START_GRACE_MS + 1 }).state).toBe('dead');
  });

  it('cancels a unit that does not end soon, waits for one that does', () => {
    expect(mustCancel(base)).toBe(false);
    expect(mustCancel({ ...base, busy: { work: 'control step', predictedMs: null, at: 9_990 } })).toBe(true);
    expect(mustCancel({ ...base, busy: { work: 'control step', predictedMs: 300, at: 9_800 } })).toBe(false);
    expect(mustCancel({ ...base, busy: { work: 'training update', predictedMs: 900, at: 9_800 } })).toBe(true);
  });

  it('says how long a unit has run and is expected to', () => {
    expect(busyText({ state: 'busy', work: 'control step', predictedMs: 1_200_000, sinceMs: 12_000 })).toBe(
      'control step running for 12 s of about 20 min',
    );
    expect(busyText({ state: 'busy', work: 'training update', predictedMs: null, sinceMs: 400 })).toBe(
      'training update running for 400 ms (length not known yet)',
    );
  });
});
