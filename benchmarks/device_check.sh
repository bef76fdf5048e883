#!/usr/bin/env bash
# Issue #16's GPU figures in one call of a lent GPU machine (the `device` tool), about 6 minutes on an
# H200: the machine's image has python3 with torch, numpy, Pillow and tqdm, all the core needs; MNIST
# travels with the repository (resources/mnist). PySide6 is not there and its wheels are larger than a
# call may carry, so the GUI-against-headless figure cannot be taken on that machine.
#
#   device run: bash benchmarks/device_check.sh            (files land in $OUT)
#   here, to try the script itself on the CPU:  DEVICE=cpu PRESETS=quick PYTHON=.venv/bin/python bash benchmarks/device_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
PRESETS=${PRESETS:-quick fast}
OUT=${OUT:-$(mktemp -d)}
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH} PYTHONUNBUFFERED=1
DIGIT_STUDIO_DATA_DIR=$(mktemp -d)
export DIGIT_STUDIO_DATA_DIR

{ command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; } || true
"$PYTHON" - <<'PY'
import torch
print("torch", torch.__version__, "CUDA", torch.version.cuda, "GPU", torch.cuda.is_available() and torch.cuda.get_device_name(0),
      "bf16", torch.cuda.is_available() and torch.cuda.is_bf16_supported(including_emulation=False))
PY
# 1. The CUDA path end to end, quick to fail: one epoch of the Quick preset through the command line.
"$PYTHON" -m desktop_app train --preset quick --device "$DEVICE" --epochs 1 --out "$OUT/quick-1-epoch.pt" 2>&1 | tail -n 3
# 2. The table: time to 99.0% and 99.5%, final accuracy, samples/s, PyTorch's example as the reference row.
# shellcheck disable=SC2086  # PRESETS is a list of words
"$PYTHON" benchmarks/bench_training.py --device "$DEVICE" --presets $PRESETS 2>&1 | tee "$OUT/bench_training_$DEVICE.txt"
