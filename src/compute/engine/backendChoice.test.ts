import { describe, expect, it } from 'vitest';
import { softwareAdapterReason } from './backendChoice';

describe('softwareAdapterReason', () => {
  it("names SwiftShader and other software renderers from the adapter's info", () => {
    expect(softwareAdapterReason({ vendor: 'google', architecture: 'swiftshader', description: '' })).toMatch(
      /software or fallback one \(google swiftshader\)/,
    );
    expect(softwareAdapterReason({ description: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toMatch(/software/);
    expect(softwareAdapterReason({ description: 'Microsoft Basic Render Driver' })).toMatch(/software/);
  });
  it('counts a fallback adapter as one, and a hardware adapter as none', () => {
    expect(softwareAdapterReason({ vendor: 'intel', isFallbackAdapter: true })).toMatch(/fallback one \(intel\)/);
    expect(softwareAdapterReason({ vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' })).toBeNull();
    expect(softwareAdapterReason({ vendor: 'apple', architecture: 'metal-3' })).toBeNull();
    expect(softwareAdapterReason({})).toBeNull();
  });
});
