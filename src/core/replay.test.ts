import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from './replay';
import { keyFromSeed, RandomStream } from './rng';

describe('ReplayBuffer', () => {
  it('stores tuples in a ring and overwrites the oldest when full', () => {
    const b = new ReplayBuffer(3, 2, 1);
    for (let i = 0; i < 5; i++)
      b.add(new Float64Array([i, -i]), 0, new Float64Array([i / 10]), 0, i * 2, new Float64Array([i + 1, 0]), 0);
    expect(b.size).toBe(3);
    expect(b.ptr).toBe(2);
    // Slots hold tuples 3, 4, 2 (slot 0 ← 3, slot 1 ← 4, slot 2 ← 2).
    expect(Array.from(b.costs)).toEqual([6, 8, 4]);
    expect(Array.from(b.states)).toEqual([3, -3, 4, -4, 2, -2]);
    expect(Array.from(b.nextStates)).toEqual([4, 0, 5, 0, 3, 0]);
    expect(Array.from(b.actions)).toEqual([0.3, 0.4, 0.2]);
  });

  it('reads rows at an offset', () => {
    const b = new ReplayBuffer(2, 2, 1);
    b.add(new Float64Array([9, 9, 1, 2]), 2, new Float64Array([0, 5]), 1, 1, new Float64Array([3, 4]), 0);
    expect(Array.from(b.states.subarray(0, 2))).toEqual([1, 2]);
    expect(b.actions[0]).toBe(5);
  });

  it('samples only filled slots, reproducibly', () => {
    const b = new ReplayBuffer(100, 1, 1);
    for (let i = 0; i < 7; i++) b.add(new Float64Array([i]), 0, new Float64Array([0]), 0, 0, new Float64Array([0]), 0);
    const a = new Int32Array(500);
    const c = new Int32Array(500);
    b.sampleIndices(new RandomStream(keyFromSeed(1)), 500, a);
    b.sampleIndices(new RandomStream(keyFromSeed(1)), 500, c);
    expect(Array.from(a)).toEqual(Array.from(c));
    expect(Math.max(...a)).toBe(6);
    expect(Math.min(...a)).toBe(0);
  });

  it('refuses a bad capacity and sampling when empty', () => {
    expect(() => new ReplayBuffer(0, 1, 1)).toThrow(/capacity/);
    expect(() =>
      new ReplayBuffer(5, 1, 1).sampleIndices(new RandomStream(keyFromSeed(1)), 1, new Int32Array(1)),
    ).toThrow(/empty/);
  });
});
