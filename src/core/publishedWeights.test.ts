/**
 * The pretrained Q-functions the page offers (public/weights/<task>.json): each
 * is a valid weights file for its task at the default network size, carries
 * the configuration that trained it, and gives finite Q-values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLearnConfig } from './config';
import { MlpForward } from './mlp';
import { getTask, taskIds, type TaskId } from './tasks/registry';
import { weightsFromFile } from './weightsFile';

const DIR = path.resolve(__dirname, '../../public/weights');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));

describe('published weights', () => {
  it('there is at least one, and every file is named after a task', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(taskIds()).toContain(f.replace(/\.json$/, ''));
  });

  it.each(files)('%s loads for its task and gives finite Q-values', (f) => {
    const task = getTask(f.replace(/\.json$/, '') as TaskId);
    const data = JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as {
      config?: { agent?: { task?: string; agent?: string }; learn?: { episodes?: number; seed?: number } };
    };
    // The file says what made it.
    expect(data.config?.agent?.task).toBe(task.id);
    expect(['mpq', 'softq']).toContain(data.config?.agent?.agent);
    expect(data.config?.learn?.episodes).toBeGreaterThan(0);
    expect(Number.isInteger(data.config?.learn?.seed)).toBe(true);

    const layers = weightsFromFile(data, task, defaultLearnConfig(task).hidden);
    const rows = 16;
    const inDim = task.obsDim + task.actionDim;
    const inputs = new Float32Array(rows * inDim);
    for (let i = 0; i < inputs.length; i++) inputs[i] = Math.sin(1.7 * i); // spread-out inputs in [−1, 1]
    const out = new Float64Array(rows);
    new MlpForward(layers, rows).forward(inputs, rows, out);
    expect(out.every(Number.isFinite)).toBe(true);
    // A trained net is not constant.
    expect(Math.max(...out) - Math.min(...out)).toBeGreaterThan(1e-6);
  });
});
