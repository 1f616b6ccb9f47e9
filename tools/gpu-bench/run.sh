#!/bin/bash
# The Node WebGPU bench on the device machine (docs/benchmarks.md, "On a real GPU, in Node").
# Prepared by tools/gpu-bench/pack.sh (which copies this file into .devbench/carry/). On the device, from the
# repo root, with .devbench/carry and .gl carried:  bash .devbench/carry/run.sh [extra bench flags]
# Writes $OUT/log.txt and $OUT/benchmarks-gpu.json.
C=.devbench/carry
OUT=${OUT:-/tmp/mpq-out}; mkdir -p "$OUT"
T=${TMPDIR:-/tmp}/mpq-gpu; mkdir -p "$T/webgpu/dist/linux-x64"
exec > >(tee -a "$OUT/log.txt") 2>&1
echo "== $(date -u +%FT%TZ) start on $(hostname), $(uname -r)"
nvidia-smi -L
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm,pstate --format=csv
[ -n "${SKIP_GL:-}" ] || { for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig; }
echo "-- loaders:"; ldconfig -p | grep -E 'libvulkan\.so|libGLX_nvidia|libnvidia-glvkspirv' | head
for d in /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d; do [ -d $d ] && { echo "-- $d:"; ls $d; cat $d/*.json 2>/dev/null | head -12; }; done
xz -dc $C/node.xz > "$T/node" && chmod +x "$T/node"
xz -dc $C/dawn.node.xz > "$T/webgpu/dist/linux-x64/dawn.node"
cp $C/webgpu/* "$T/webgpu/"
NODE="$T/node"; WG="$T/webgpu/index.js"
echo "-- node $($NODE --version)"
probe() { timeout 60 "$NODE" $C/probe.mjs "$WG" backend=vulkan; }
if ! probe | tee "$T/probe.txt" | grep -q '"vendor"'; then
  echo "-- no adapter with the default ICD search; trying VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json"
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if ! probe | tee "$T/probe.txt" | grep -q '"vendor"'; then
    echo "-- still no adapter; loader debug:"
    VK_LOADER_DEBUG=error,warn,info timeout 60 "$NODE" $C/probe.mjs "$WG" backend=vulkan 2>&1 | head -80
    echo "== $(date -u +%FT%TZ) giving up: Dawn found no Vulkan adapter"; exit 3
  fi
fi
echo "== $(date -u +%FT%TZ) bench"
timeout ${BENCH_TIMEOUT_S:-300} "$NODE" $C/bench-gpu.mjs --webgpu "$WG" --dawn-flag backend=vulkan --out "$OUT/benchmarks-gpu.json" "$@" > /dev/null
rc=$?
echo "== $(date -u +%FT%TZ) bench exit $rc"
nvidia-smi --query-gpu=name,clocks.sm,clocks.max.sm,utilization.gpu,memory.used,pstate --format=csv
exit $rc
