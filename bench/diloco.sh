#!/usr/bin/env bash
# DiLoCo on Spark against one process, the tutorial's shape on TinyShakespeare (docs/spark.md#measured):
#  quality - from random weights, W workers x 1500 inner steps of 64/W (local[2]) for each W of WORKERS
#            (default "2"), H of INNER_STEPS ("10 50 200"), outer lr of OUTER_LRS ("default": the engine's
#            for that H; START:END moves it from START to END as the workers' rate decays,
#            diloco.outer_lr_end), outer momentum of OUTER_MOMENTA ("0"), model of MODELS ("average") and
#            synchronous first steps of SYNC_STEPS ("default": the engine's, diloco.sync_steps),
#            against synchronous data parallel on the same tokens (one process, batch 64, 1500 steps) and
#            one process with 3000 steps of 32; the final val loss of each;
#  warm    - from one process's 1000 steps of 32: W workers x 1000 inner steps of 64/W, for each W of WORKERS
#            (default "2"), H of INNER_STEPS ("50") and the same OUTER_LRS, OUTER_MOMENTA, MODELS and SYNC_STEPS,
#            against synchronous data parallel (batch 64, 1000 steps), all with --init-from; the final val
#            loss of each. The pretrained and synchronous runs already in WORKDIR are reused;
#  speed   - 300 steps in rounds of 50 from the first on local-cluster[2,1,2048] (two executor JVMs of one
#            core each) against one process with train.threads=2, tokens/s each, and the driver's peak RSS.
#            Needs GNU time (/usr/bin/time).
#
# Each DiLoCo run's line ends with the bytes a round moves per worker (from its plan); each part ends with
# the gap of each DiLoCo run's val loss to synchronous data parallel's, both on the same held-out batches
# (a DiLoCo run's hold W x 64/W windows). Runs other than DiLoCo's already in
# WORKDIR are reused, so a sweep can go on in several calls.
#
#   bench/diloco.sh TINYSHAKESPEARE.txt [WORKDIR]        (PART=quality, warm or speed runs one part)
set -euo pipefail
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
TEXT=${1:?usage: bench/diloco.sh TINYSHAKESPEARE.txt [WORKDIR]}
WORK=${2:-$(mktemp -d)}
M="$ROOT/bin/minigpt"
PART=${PART:-all}
export SPARK_LOCAL_IP=127.0.0.1
DILOCO="--set train.engine=spark --set spark.ui.enabled=false"

# Trains into $WORK/$1 with the rest as arguments; prints the final val loss, tokens/s and peak RSS.
train() {
  local name=$1
  shift
  rm -rf "${WORK:?}/$name"
  local out
  out=$(/usr/bin/time -f "peak RSS %M KB" "$M" train --data "$TEXT" --run "$WORK/$name" "$@" 2>&1)
  # steps: the last logged window's tokens/s (step time only); session: the whole run's, start-up and evaluations in
  local val
  val=$(echo "$out" | grep -o '^val loss *[0-9.]*' | grep -o '[0-9.]*$')
  echo "$val" > "$WORK/$name.val"
  printf '%-30s val %s  steps %s  session %s  %s%s\n' "$name" "$val" \
    "$(echo "$out" | grep '^step ' | tail -1 | grep -o '[0-9,]* tok/s')" \
    "$(echo "$out" | grep '^trained' | grep -o '[0-9,]* tok/s')" "$(echo "$out" | tail -1)" "$(round_bytes "$out")"
}

# "  round X MB a worker": the weights out and the change back, as the plan's engine line gives them.
round_bytes() {
  echo "$1" | grep '^engine ' | grep -o '[0-9.]* MB' | grep -o '[0-9.]*' | awk '{ sum += $1 } END { if (NR) printf "  round %.1f MB a worker", sum }'
}

# "gap NAME - SYNC: +0.0000" for each DiLoCo run named after the first argument.
gaps() {
  local sync=$1
  shift
  for name in "$@"; do
    awk -v a="$(cat "$WORK/$name.val")" -v b="$(cat "$WORK/$sync.val")" -v n="$name" -v s="$sync" \
      'BEGIN { printf "gap %s - %s: %+.4f\n", n, s, a - b }'
  done
}

# One DiLoCo run for each W of WORKERS, H of INNER_STEPS (default $3), outer lr of OUTER_LRS (START:END for
# diloco.outer_lr_end; "default" leaves both to the engine), outer momentum of OUTER_MOMENTA, diloco.model
# of MODELS and diloco.sync_steps of SYNC_STEPS ("default" leaves it to the engine), named
# PREFIX-WxSTEPS-hH-lrLR-mMOM (-average for that model, -syncS unless default) and added to runs; the rest are
# extra arguments.
# Equal tokens: the W workers share synchronous data parallel's batch of 64.
sweep() {
  local prefix=$1 steps=$2 inner=$3
  shift 3
  local W H LR MOM MODEL SYNC name rates sync
  for W in ${WORKERS:-2}; do
    for H in ${INNER_STEPS:-$inner}; do
      for LR in ${OUTER_LRS:-default}; do
        rates=()
        [ "$LR" = default ] || rates=(--set diloco.outer_lr="${LR%%:*}" --set diloco.outer_lr_end="${LR##*:}")
        for MOM in ${OUTER_MOMENTA:-0}; do
          for MODEL in ${MODELS:-average}; do
            for SYNC in ${SYNC_STEPS:-default}; do
              name="$prefix-${W}x$steps-h$H-lr${LR/:/to}-m$MOM${MODEL/#outer/}"
              name=${name/%average/-average}
              sync=()
              [ "$SYNC" = default ] || { name="$name-sync$SYNC"; sync=(--set diloco.sync_steps="$SYNC"); }
              # shellcheck disable=SC2086
              train "$name" $DILOCO --set diloco.workers="$W" --set spark.master=local[2] \
                --set train.batch_size=$((64 / W)) --set diloco.inner_steps="$H" "${rates[@]}" \
                --set diloco.outer_momentum="$MOM" --set diloco.model="$MODEL" "${sync[@]}" \
                --set train.steps="$steps" "$@"
              runs+=("$name")
            done
          done
        done
      done
    done
  done
}

if [ "$PART" = all ] || [ "$PART" = quality ]; then
  runs=()
  sweep diloco 1500 "10 50 200"
  [ -f "$WORK/sync-batch64-1500.val" ] || train "sync-batch64-1500" --set train.batch_size=64 --set train.steps=1500 \
    --set train.threads=2
  [ -f "$WORK/one-process-3000.val" ] || train "one-process-3000" --set train.steps=3000 --set train.threads=2
  gaps "sync-batch64-1500" "${runs[@]}"
fi
if [ "$PART" = all ] || [ "$PART" = warm ]; then
  [ -f "$WORK/pretrained-1000.val" ] || train "pretrained-1000" --set train.steps=1000 --set train.threads=2
  runs=()
  sweep warm-diloco 1000 50 --init-from "$WORK/pretrained-1000"
  [ -f "$WORK/warm-sync-batch64-1000.val" ] || train "warm-sync-batch64-1000" --set train.batch_size=64 \
    --set train.steps=1000 --set train.threads=2 --init-from "$WORK/pretrained-1000"
  gaps "warm-sync-batch64-1000" "${runs[@]}"
fi
if [ "$PART" = all ] || [ "$PART" = speed ]; then
  # shellcheck disable=SC2086
  train "cluster-2-executors-300" $DILOCO --set diloco.workers=2 --set "spark.master=local-cluster[2,1,2048]" \
    --set diloco.inner_steps=50 --set diloco.sync_steps=0 --set train.steps=300 --set train.eval_interval=300
  train "one-process-threads2-300" --set train.steps=300 --set train.threads=2 --set train.eval_interval=300
fi
