#!/bin/bash
# Prepares what the device machine needs for the Node WebGPU bench (docs/benchmarks.md,
# "On a real GPU, in Node"): everything lands in .devbench/ and .gl/ (both ignored
# through .git/info/exclude), about 34 MB to carry. Run from the repo root, with network.
#   .devbench/webgpu/                 the `webgpu` npm package (Dawn for Node), linux-x64 only, for local runs
#   .devbench/carry/webgpu/           its index.js, package.json, licence
#   .devbench/carry/dawn.node.xz      its linux-x64 dawn.node, xz-compressed
#   .devbench/carry/node.xz           this machine's node binary (Node 20, official linux-x64 build), xz-compressed
#   .devbench/carry/bench-gpu.mjs     src/cli/benchGpu.ts bundled by esbuild (needs no node_modules)
#   .gl/*.deb                         Vulkan's loader and GL dispatch libraries (the device's README recipe)
set -euo pipefail
WEBGPU_VERSION=${WEBGPU_VERSION:-0.6.2}
grep -qx '/.devbench/' .git/info/exclude 2>/dev/null || echo /.devbench/ >> .git/info/exclude
grep -qx '/.gl/' .git/info/exclude 2>/dev/null || echo /.gl/ >> .git/info/exclude
tmp=$(mktemp -d)
(cd "$tmp" && npm pack --silent "webgpu@$WEBGPU_VERSION" >/dev/null && tar xzf "webgpu-$WEBGPU_VERSION.tgz")
mkdir -p .devbench/webgpu/dist/linux-x64 .devbench/carry/webgpu
cp "$tmp"/package/{index.js,package.json,LICENSE.md} .devbench/webgpu/
cp "$tmp"/package/dist/linux-x64/dawn.node .devbench/webgpu/dist/linux-x64/
cp "$tmp"/package/{index.js,package.json,LICENSE.md} .devbench/carry/webgpu/
xz -6 -T0 -c "$tmp"/package/dist/linux-x64/dawn.node > .devbench/carry/dawn.node.xz
rm -rf "$tmp"
node -e 'if (!process.version.startsWith("v20.")) { console.error("pack.sh: carry a Node 20 binary (this is " + process.version + ")"); process.exit(1); }'
xz -6 -T0 -c "$(command -v node)" > .devbench/carry/node.xz
npx esbuild src/cli/benchGpu.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile=.devbench/carry/bench-gpu.mjs --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
cp tools/gpu-bench/run.sh tools/gpu-bench/probe.mjs .devbench/carry/
mkdir -p .gl /tmp/amd64/partial
o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
apt-get $o update >/dev/null
(cd .gl && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null 2>&1)
du -sh .devbench/carry .gl
