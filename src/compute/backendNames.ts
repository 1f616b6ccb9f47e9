/**
 * The names of the compute backends, in one place and free of tfjs, so the
 * page's controls can list them without loading tfjs on the main thread.
 */

/** The tfjs backends the project runs on. */
export const BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The tfjs backends that run in Node (the CLI): WebGPU is the page's. */
export const NODE_BACKENDS = ['cpu', 'wasm'] as const satisfies readonly BackendName[];

/** What the page may ask for: a backend, or 'auto' (webgpu where an adapter exists, else wasm, else cpu). */
export const BACKEND_REQUESTS = ['auto', 'webgpu', 'wasm', 'cpu'] as const satisfies readonly (BackendName | 'auto')[];
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];
