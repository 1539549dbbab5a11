#!/usr/bin/env bash
# Compares minigpt with the tutorial's PyTorch MiniGPT on this machine: the same model (V 256, T 64,
# d 128, 4 heads, 4 layers, dropout 0.1), batch, AdamW step and thread count, run one after the
# other, and prints the ratios. Installs nothing: it says what is missing.
#
#   bench/compare.sh [STEPS]        (default 100 timed steps; THREADS=2, DATA=FILE, REFERENCE=FILE)
# SHAPE=tutorial (the default) or SHAPE=nanogpt, nanoGPT's shakespeare_char model: 6 layers, 6 heads,
# d 384, context 256, dropout 0.2, batch 64 (a step takes seconds there: try STEPS=5).
# THREADS is the threads inside ops on both sides (torch.set_num_threads, OMP_NUM_THREADS; OP_THREADS
# sets minigpt's alone); minigpt also splits each batch over TRAIN_THREADS threads (train.threads,
# default: the machine's cores). THREADS=2 OP_THREADS=1 TRAIN_THREADS=2 gives each side two cores.
# MICRO_BATCHES=N takes minigpt's steps in N micro-batches (train.micro_batches, default 1).
# The reference is this repository's bench/reference/pytorch_minigpt.py.
set -euo pipefail
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
STEPS=${1:-100}
THREADS=${THREADS:-2}
OP_THREADS=${OP_THREADS:-$THREADS}
TRAIN_THREADS=${TRAIN_THREADS:-$(nproc 2>/dev/null || echo 1)}
MICRO_BATCHES=${MICRO_BATCHES:-1}
REFERENCE=${REFERENCE:-$ROOT/bench/reference/pytorch_minigpt.py}
DATA=${DATA:-$ROOT/../shared/data/tinyshakespeare.txt}
[ -f "$DATA" ] || DATA=${MINIGPT_HOME:-$HOME/.cache/minigpt}/tinyshakespeare.txt

if [ ! -f "$REFERENCE" ]; then
  echo "compare: the reference script is missing at $REFERENCE; set REFERENCE=path/to/a/reference.py" >&2; exit 2
fi
if [ ! -f "$DATA" ]; then
  echo "compare: TinyShakespeare is missing; run bin/minigpt train once (it downloads it) or set DATA=FILE" >&2; exit 2
fi
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  echo "compare: needs Debian's PyTorch and OpenBLAS (without OpenBLAS it is 6x slower):" >&2
  echo "  sudo apt-get install -y python3-torch libopenblas0-pthread" >&2; exit 2
fi
if [ ! -f "$ROOT/minigpt-cli/target/minigpt-cli.jar" ]; then
  echo "compare: build minigpt first: ./mvnw -q package -DskipTests" >&2; exit 2
fi

case "${SHAPE:-tutorial}" in
  tutorial) SIZE=(4 4 128 64 0.1 32) ;;
  nanogpt) SIZE=(6 6 384 256 0.2 64) ;;
  *) echo "compare: SHAPE is tutorial or nanogpt, not '$SHAPE'" >&2; exit 2 ;;
esac
REF_SHAPE=(--layers "${SIZE[0]}" --heads "${SIZE[1]}" --d-model "${SIZE[2]}" --context "${SIZE[3]}" --dropout "${SIZE[4]}" --batch "${SIZE[5]}")
OUR_SHAPE=(--set model.layers="${SIZE[0]}" --set model.heads="${SIZE[1]}" --set model.d_model="${SIZE[2]}"
  --set model.context_length="${SIZE[3]}" --set model.dropout="${SIZE[4]}" --set train.batch_size="${SIZE[5]}")

echo "reference: $(basename "$REFERENCE"), ${SHAPE:-tutorial} shape, $STEPS steps, $THREADS threads" >&2
REF=$(/usr/bin/python3 "$REFERENCE" --steps "$STEPS" --threads "$THREADS" --data "$DATA" "${REF_SHAPE[@]}" | tail -n 1)
echo "minigpt:   bench, $STEPS steps, $OP_THREADS threads in ops, batch split over $TRAIN_THREADS in $MICRO_BATCHES micro-batches, the tutorial's recipe on bytes" >&2
OURS=$(OMP_NUM_THREADS=$OP_THREADS "$ROOT/bin/minigpt" bench --data "$DATA" --steps "$STEPS" --set train.threads="$TRAIN_THREADS" \
  --set train.micro_batches="$MICRO_BATCHES" "${OUR_SHAPE[@]}" \
  --set tokenizer=byte --set train.lr_schedule=constant --set train.grad_clip=0 --set optimizer.lr=3e-4 \
  --set optimizer.weight_decay=0.01 --set optimizer.beta2=0.999 | tail -n 1)

/usr/bin/python3 - "$REF" "$OURS" <<'PY'
import json, sys
ref, ours = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rows = [("training tokens/s", "train_tokens_per_s", True), ("generation tokens/s", "gen_tokens_per_s", True),
        ("peak RSS MB", "peak_rss_mb", False)]
print(f"{'':22}{'reference':>12}{'minigpt':>12}{'ratio':>9}")
for label, key, higher_is_better in rows:
    r, o = float(ref[key]), float(ours[key])
    print(f"{label:22}{r:12,.1f}{o:12,.1f}{o / r:8.2f}x")
print(json.dumps({"reference": ref, "minigpt": ours,
                  "ratios": {key: round(float(ours[key]) / float(ref[key]), 3) for _, key, _ in rows}}))
PY
