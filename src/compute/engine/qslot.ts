/**
 * The engine's Q-network behind a fixed handle: planners and the trainer hold
 * the slot, and the network inside can be rebuilt on another tfjs backend (a
 * backend change, a lost WebGPU device) from the last weights read back,
 * without them noticing. A rebuilt network starts a fresh Adam state, and a
 * SoftQ target network restarts as a copy of the online one.
 */
import type { DenseWeights } from '../../core/mlp';
import type { QFunction, QLearner } from '../../core/qfunction';
import { TfQNetwork, type QNetworkOptions, type QTrainState } from '../qnetwork';

export class QSlot implements QLearner {
  private net: TfQNetwork;
  /** The weights as last read back (after creation, loading and every update). */
  private saved: DenseWeights[] | null = null;
  /** Adam steps since the network was created or loaded. */
  updates = 0;

  constructor(readonly options: QNetworkOptions) {
    this.net = new TfQNetwork(options);
  }

  get inputDim(): number {
    return this.net.inputDim;
  }

  get target(): QFunction | undefined {
    return this.net.target;
  }

  /** The network now in the slot (its tensors feed the GPU planner). */
  get network(): TfQNetwork {
    return this.net;
  }

  evaluate(inputs: Float32Array, count: number, out: Float64Array): void {
    this.net.evaluate(inputs, count, out);
  }

  weights(): readonly DenseWeights[] {
    return this.net.weights();
  }

  async trainStep(inputs: Float32Array, targets: Float32Array, count: number): Promise<number> {
    const loss = await this.net.trainStep(inputs, targets, count);
    this.updates++;
    return loss;
  }

  /** Reads the current weights back and keeps them for a rebuild. */
  async save(): Promise<DenseWeights[]> {
    this.saved = await this.net.layers();
    return this.saved;
  }

  /** Replaces the weights (a loaded file); the update count starts again. */
  async load(layers: readonly DenseWeights[]): Promise<void> {
    this.net.setLayers(layers);
    this.updates = 0;
    await this.save();
  }

  /** Adam's state and the SoftQ target (see TfQNetwork.trainState). */
  trainState(): Promise<QTrainState> {
    return this.net.trainState();
  }

  /** Puts a saved train state back after `load` of the same run's weights, with its update count. */
  async setTrainState(state: QTrainState, updates: number): Promise<void> {
    await this.net.setTrainState(state);
    this.updates = updates;
  }

  /** Rebuilds the network on the backend tfjs runs now, from the saved weights. */
  rebuild(): void {
    if (!this.saved) throw new Error('no saved weights to rebuild the Q-network from');
    try {
      this.net.dispose();
    } catch {
      // A network on a lost device may not dispose cleanly; its memory went with the device.
    }
    this.net = new TfQNetwork(this.options);
    this.net.setLayers(this.saved);
  }

  dispose(): void {
    this.net.dispose();
  }
}
