#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs of this machine (container) as Spark's resource JSON,
#   {"name": "gpu", "addresses": ["0", "1"]}
# with nvidia-smi's indices as addresses. sweep binds ND4J to the CUDA device of the address a task
# is given; the driver sets CUDA_DEVICE_ORDER=PCI_BUS_ID on executors so that CUDA numbers devices
# as nvidia-smi does. Use it as spark.executor.resource.gpu.discoveryScript (YARN, Kubernetes) or
# spark.worker.resource.gpu.discoveryScript (standalone Workers); it must exist at this path on
# every node (or ship it with --files and give its name). See docs/cluster.md.
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery.sh: nvidia-smi not found: no NVIDIA driver on $(hostname)" >&2
  exit 1
fi
indices="$(nvidia-smi --query-gpu=index --format=csv,noheader)"
if [[ -z "$indices" ]]; then
  echo "gpu-discovery.sh: nvidia-smi lists no GPU on $(hostname)" >&2
  exit 1
fi
addresses="$(printf '%s\n' "$indices" | tr -d ' ' | sed 's/.*/"&"/' | paste -sd, -)"
printf '{"name": "gpu", "addresses": [%s]}\n' "$addresses"
