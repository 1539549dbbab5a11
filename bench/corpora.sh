#!/usr/bin/env bash
# Corpora larger than the heap: a 1 GB text generated from TinyShakespeare (bench/MakeCorpus.java) prepared
# with the char tokenizer and with a 4,096-token BPE (MB/s, peak RSS); nanoGPT's prepare.py, byte-level, on
# the same text (needs python3 with numpy); the default model trained on the prepared corpus and on
# TinyShakespeare in turn (seconds to a first step, tokens/s, peak RSS); and with BIG=1 a 3 GB text of 3e9
# byte tokens, past one Java array's 2^31, prepared and trained for 3 steps. Needs GNU time (/usr/bin/time).
#
#   bench/corpora.sh TINYSHAKESPEARE.txt [WORKDIR]      (WORKDIR: default a new folder under /tmp; ~9 GB with BIG=1)
set -euo pipefail
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
TEXT=${1:?usage: bench/corpora.sh TINYSHAKESPEARE.txt [WORKDIR]}
WORK=${2:-$(mktemp -d)}
M="$ROOT/bin/minigpt"
STEPS=${STEPS:-200}
measure() { /usr/bin/time -f "%e s, peak RSS %M KB" "$@" 2>&1 >/dev/null | tail -1; }
speed() { grep -o '[0-9,]* tok/s' | tail -1; }

[ -f "$WORK/corpus-1g.txt" ] || java "$ROOT/bench/MakeCorpus.java" "$TEXT" "$WORK/corpus-1g.txt" 1000
rm -rf "$WORK/char" "$WORK/bpe" "$WORK/nanogpt"
echo "prepare char          $(measure "$M" prepare --data "$WORK/corpus-1g.txt" --out "$WORK/char")  (1,000 MB)"
echo "prepare bpe 4096      $(measure "$M" prepare --data "$WORK/corpus-1g.txt" --out "$WORK/bpe" \
  --set tokenizer=bpe --set tokenizer.vocab_size=4096)  (1,000 MB)"
if python3 -c 'import numpy' 2>/dev/null; then
  echo "nanoGPT prepare bytes $(measure python3 "$ROOT/bench/reference/nanogpt_prepare_bytes.py" "$WORK/corpus-1g.txt" "$WORK/nanogpt")  (1,000 MB)"
fi

for i in 1 2 3; do # set-up: a process that trains one step, on each in turn
  for DATA in "$TEXT" "$WORK/char"; do
    rm -rf "$WORK/run"
    echo "one step on $(basename "$DATA"): $(measure "$M" train --data "$DATA" --run "$WORK/run" --set train.steps=1)"
  done
done
for i in 1 2; do
  for DATA in "$TEXT" "$WORK/char"; do
    rm -rf "$WORK/run"
    OUT=$(/usr/bin/time -f "peak RSS %M KB" "$M" train --data "$DATA" --run "$WORK/run" --set train.steps="$STEPS" \
      --set train.eval_interval=100 2>&1)
    echo "$STEPS steps on $(basename "$DATA"): $(echo "$OUT" | speed), $(echo "$OUT" | tail -1)"
  done
done

if [ "${BIG:-0}" = 1 ]; then
  [ -f "$WORK/corpus-3g.txt" ] || java "$ROOT/bench/MakeCorpus.java" "$TEXT" "$WORK/corpus-3g.txt" 3000
  rm -rf "$WORK/bytes-3g" "$WORK/run"
  echo "prepare byte 3 GB     $(measure "$M" prepare --data "$WORK/corpus-3g.txt" --out "$WORK/bytes-3g" --set tokenizer=byte)"
  echo "3 steps on 3e9 tokens $(measure "$M" train --data "$WORK/bytes-3g" --run "$WORK/run" --set train.steps=3 \
    --set train.eval_interval=3)"
  "$M" info "$WORK/run" | grep '^data'
fi
echo "work folder: $WORK"
