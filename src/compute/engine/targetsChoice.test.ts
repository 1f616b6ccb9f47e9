import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAgentConfig, defaultLearnConfig } from '../../core/config';
import { localTargets } from '../../core/targets';
import { pendulum } from '../../core/tasks/pendulum';
import { activateBackend } from '../backend';
import { TfQNetwork } from '../qnetwork';
import { measuredTargets, softwareAdapter } from './targetsChoice';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await activateBackend('cpu')).toBe('cpu');
});

describe('softwareAdapter', () => {
  it('names fallback and software adapters, and leaves hardware ones to the measurement', () => {
    expect(softwareAdapter({ vendor: 'google', architecture: 'swiftshader' })).toBe('google swiftshader');
    expect(softwareAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(
      'mesa llvmpipe (LLVM 15.0.6, 256 bits)',
    );
    expect(softwareAdapter({ vendor: 'acme', isFallbackAdapter: true })).toBe('acme');
    expect(softwareAdapter({ isFallbackAdapter: true })).toBe('a fallback adapter');
    expect(softwareAdapter({ vendor: 'nvidia', architecture: 'hopper', device: 'nvidia-h200' })).toBeNull();
    expect(softwareAdapter({ vendor: 'apple', architecture: 'metal-3', isFallbackAdapter: false })).toBeNull();
    expect(softwareAdapter(undefined)).toBeNull();
  });
});

describe('measuredTargets', () => {
  it('keeps the targets with the CPU source, saying nothing, when tfjs is not on WebGPU', async () => {
    const q = new TfQNetwork({ inputDim: 4, hidden: [8], learningRate: 1e-3, initKey: [1, 2] });
    try {
      const plan = await measuredTargets({
        task: pendulum,
        cfg: defaultAgentConfig(pendulum, 'mpq'),
        learn: defaultLearnConfig(pendulum),
        q,
        cpu: localTargets,
      });
      expect(plan).toEqual({ where: 'cpu', note: '', factory: localTargets });
    } finally {
      q.dispose();
    }
  });
});
