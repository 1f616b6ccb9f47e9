/**
 * All interop between tfjs-backend-webgpu and our own WGSL on its GPUDevice
 * (the rules: ARCHITECTURE.md, "tfjs and our WGSL on one GPU device"). tfjs
 * records commands and submits them in batches, so anything we put on
 * device.queue in between would run BEFORE its recorded work: every queue call
 * here first flushes tfjs. Other GPU code goes through this bridge and never
 * touches device.queue itself.
 */
/// <reference types="@webgpu/types" />
import * as tf from '@tensorflow/tfjs';
// Type only: compute/backend.ts's activateBackend('webgpu') imports the module (which registers the backend).
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

/** Usage of buffers tfjs may wrap or copy (fewer flags: some tfjs copies fail and the tensor holds zeros). */
export function sharedUsage(): GPUBufferUsageFlags {
  return GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
}

export class TfWebGpuBridge {
  readonly device: GPUDevice;

  private constructor(private readonly backend: WebGPUBackend) {
    this.device = backend.device;
  }

  /** The bridge over tfjs's running webgpu backend (start it with activateBackend('webgpu')); throws if another backend runs. */
  static current(): TfWebGpuBridge {
    const name = tf.getBackend();
    if (name !== 'webgpu')
      throw new Error(`the GPU engine needs the tfjs webgpu backend, but tfjs is running ${name ?? 'none'}`);
    return new TfWebGpuBridge(tf.backend() as WebGPUBackend);
  }

  /** Submits whatever tfjs has recorded, so our queue work lands after it. */
  flush(): void {
    const b = this.backend;
    b.ensureCommandEncoderReady();
    b.endComputePassEncoder();
    b.submitQueue();
  }

  write(buffer: GPUBuffer, data: BufferSource, byteOffset = 0): void {
    this.flush();
    this.device.queue.writeBuffer(buffer, byteOffset, data);
  }

  /** Encodes with `encode` into a fresh command encoder and submits it after tfjs's pending work. */
  submit(encode: (enc: GPUCommandEncoder) => void): void {
    this.flush();
    const enc = this.device.createCommandEncoder();
    encode(enc);
    this.device.queue.submit([enc.finish()]);
  }

  /**
   * y = f(x) in tfjs with x a zero-copy view of `input` ([rows, cols] float32),
   * then y's first `bytes` copied into `output`; nothing leaves the GPU.
   * The view is made fresh each call (a wrapper caches data once read).
   */
  applyTensor(
    input: GPUBuffer,
    shape: [number, number],
    f: (x: tf.Tensor2D) => tf.Tensor,
    output: GPUBuffer,
    bytes: number,
  ): void {
    const y = tf.tidy(() => f(tf.tensor({ buffer: input, zeroCopy: true }, shape, 'float32') as tf.Tensor2D));
    try {
      const g = y.dataToGPU();
      try {
        if (!g.buffer) throw new Error('tfjs dataToGPU returned no GPUBuffer');
        const src = g.buffer;
        this.submit((enc) => enc.copyBufferToBuffer(src, 0, output, 0, bytes));
      } finally {
        // Never destroy g.buffer: it goes back to tfjs's pool. Our copy is already submitted.
        g.tensorRef.dispose();
      }
    } finally {
      y.dispose();
    }
  }

  /** The first `bytes` of `src`, through the mappable `staging` buffer (MAP_READ | COPY_DST). */
  async read(src: GPUBuffer, bytes: number, staging: GPUBuffer): Promise<ArrayBuffer> {
    this.submit((enc) => enc.copyBufferToBuffer(src, 0, staging, 0, bytes));
    await staging.mapAsync(GPUMapMode.READ, 0, bytes);
    try {
      return staging.getMappedRange(0, bytes).slice(0);
    } finally {
      staging.unmap();
    }
  }
}

/**
 * The GPU buffers one engine owns, counted so tests can see a leak.
 * Sizes are rounded up to 4 bytes (copies and bindings need it).
 */
export class BufferSet {
  private readonly live = new Set<GPUBuffer>();

  constructor(private readonly device: GPUDevice) {}

  create(label: string, bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const size = Math.max(16, Math.ceil(bytes / 4) * 4);
    const b = this.device.createBuffer({ label, size, usage });
    this.live.add(b);
    return b;
  }

  destroy(b: GPUBuffer): void {
    if (this.live.delete(b)) b.destroy();
  }

  /** Buffers created and not destroyed. */
  get count(): number {
    return this.live.size;
  }

  destroyAll(): void {
    for (const b of this.live) b.destroy();
    this.live.clear();
  }
}

/** A compute pipeline from WGSL, with the compiler's messages in the error if it does not build. */
export async function computePipeline(
  device: GPUDevice,
  label: string,
  code: string,
  entryPoint: string,
  layout: GPUPipelineLayout,
): Promise<GPUComputePipeline> {
  const module = device.createShaderModule({ label, code });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length > 0) {
    throw new Error(
      `WGSL ${label} does not compile: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`,
    );
  }
  return device.createComputePipelineAsync({ label, layout, compute: { module, entryPoint } });
}

/** A bind group layout of compute-stage buffers: 'uniform', 'read' (read-only storage) or 'storage'. */
export function bufferLayout(
  device: GPUDevice,
  label: string,
  kinds: readonly ('uniform' | 'read' | 'storage')[],
): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    label,
    entries: kinds.map((k, binding) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: k === 'uniform' ? 'uniform' : k === 'read' ? 'read-only-storage' : 'storage' },
    })),
  });
}
