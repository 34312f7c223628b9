#!/usr/bin/env bash
# A colorizer stage on a GPU machine lent by the device tool, from the shipped model, in one
# command of under 10 minutes. Prepared and tested here on the CPU (--device cpu); see
# "A stage on a GPU" in models/colorizer.md.
#
# Here, first (a weighted sample of the sets that fits the 64 MiB the tool carries):
#   /usr/bin/python3 models/train/colorizer/pack.py --sets <the stage's --sets> --out .gpu-pack --megabytes 40
# Then the device tool: run(command="bash models/train/colorizer/gpu_train.sh", carry=[".gpu-pack"],
#   timeout_s=600). Back under $OUT: train.log, avg.pt (the mean of the late checkpoints) and last.pt,
#   both without optimiser state or numpy arrays, so they load here; then here:
#   /usr/bin/python3 models/train/colorizer/export.py --ckpt <files_at>/avg.pt --out scratch/cand/colorizer.onnx --version X
#   npm run eval:color -- … --model scratch/cand/colorizer.onnx
#
# Knobs: MINUTES (training budget, default 7), DEVICE (cuda; cpu to try it here), WORKERS, BATCH, LR,
# EXTRA (more train.py flags).
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=${OUT:-/tmp/gpu-train-out}
MINUTES=${MINUTES:-7}
DEVICE=${DEVICE:-cuda}
WORKERS=${WORKERS:-$(($(nproc) - 1))}
BATCH=${BATCH:-64}
LR=${LR:-2e-4}
PACK=${PACK:-.gpu-pack}
RUNS=${RUNS:-/tmp/gpu-train-runs}
PY=${PY:-python3}
export PYTHONUNBUFFERED=1
mkdir -p "$OUT" "$RUNS"
[ -f "$PACK/sets.txt" ] || { echo "$PACK/sets.txt: no pack here (make it with pack.py, carry it)"; exit 2; }
if [ "$DEVICE" = cuda ]; then nvidia-smi --query-gpu=name,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"; fi

# shellcheck disable=SC2046 # the sets are one word each
$PY models/train/colorizer/train.py --name gpu --runs-dir "$RUNS" --init models/colorizer.onnx \
  --sets $(cat "$PACK/sets.txt") --pack "$PACK" --val-dir "$PACK/val" \
  --device "$DEVICE" --workers "$WORKERS" --threads 4 --arch concat --steps 1000000 --batch "$BATCH" \
  --crop 128 --lr "$LR" --lr-min-ratio 0.05 --warmup 200 --seed 21 --log-every 200 --ckpt-every 1000 \
  --keep-every 2000 --val-every 2000 --val-count 16 --max-minutes "$MINUTES" ${EXTRA:-} 2>&1 | tee "$OUT/train.log"

RUN="$RUNS/colorizer-gpu"
# The mean of the later half of the kept checkpoints and the last one (average.py: why).
mapfile -t kept < <(ls "$RUN"/step*.pt 2>/dev/null | sort -V)
late=("${kept[@]:$((${#kept[@]} / 2))}")
$PY models/train/colorizer/average.py --out "$OUT/avg.pt" "${late[@]}" "$RUN/last.pt"
$PY models/train/colorizer/average.py --out "$OUT/last.pt" "$RUN/last.pt"
ls -la "$OUT"
