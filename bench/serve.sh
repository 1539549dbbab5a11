#!/usr/bin/env bash
# Load on `minigpt serve` from a second process on loopback (bench/serve_load.mjs): output tokens/s with 1, 4
# and 16 concurrent streaming clients with p50/p99 TTFT, TPOT and ITL (200-token completions); one request of
# n=8 against 8 requests of n=1 sent one after another; Poisson arrivals at RATE requests/s; and
# `minigpt generate`'s own tokens/s on the same run for comparison. Needs node (for the clients).
#
#   bench/serve.sh RUN_DIR [PARALLEL]      (PARALLEL: the server's --parallel, default: the server's own)
set -euo pipefail
ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
RUN=${1:?usage: bench/serve.sh RUN_DIR [PARALLEL]}
PARALLEL=${2:-16}
TOKENS=${TOKENS:-200}
RATE=${RATE:-4}
command -v node >/dev/null || { echo "serve.sh: needs node for its clients" >&2; exit 2; }

LOG=$(mktemp)
"$ROOT/bin/minigpt" serve --run "bench=$RUN" --port 0 --parallel "$PARALLEL" --queue 64 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 300); do grep -q '^serving' "$LOG" && break; sleep 0.1; done
URL=$(sed -n 's/^serving    \(http[^ ]*\/v1\).*/\1/p' "$LOG")
[ -n "$URL" ] || { cat "$LOG" >&2; exit 1; }
echo "server     $URL  (--parallel $PARALLEL, $TOKENS-token completions)"
node "$ROOT/bench/serve_load.mjs" "$URL" bench 1 2 "$TOKENS" >/dev/null # warm-up: the JIT and the weights' copy
for CLIENTS in 1 4 16; do
  printf 'clients %-3s' "$CLIENTS"
  node "$ROOT/bench/serve_load.mjs" "$URL" bench "$CLIENTS" $((CLIENTS == 1 ? 8 : 4)) "$TOKENS"
done
printf 'n=1 x 8   '; node "$ROOT/bench/serve_load.mjs" "$URL" bench 1 8 "$TOKENS" 1
printf 'n=8       '; node "$ROOT/bench/serve_load.mjs" "$URL" bench 1 1 "$TOKENS" 8
printf 'poisson   '; node "$ROOT/bench/serve_load.mjs" "$URL" bench 1 32 "$TOKENS" 1 "$RATE"
kill $SERVER; wait $SERVER 2>/dev/null || true

# minigpt generate on the same run: 2000 tokens less 1 token, so JVM start and loading cancel out.
time_of() {
  local start end
  start=$(date +%s.%N)
  "$ROOT/bin/minigpt" generate --run "$RUN" --prompt "ROMEO:" --max-tokens "$1" --seed 1 >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
LONG=$(time_of 2000); SHORT=$(time_of 1)
awk -v l="$LONG" -v s="$SHORT" 'BEGIN { printf "generate   %d tokens/s (2000 tokens in %ss, 1 token in %ss)\n", 1999 / (l - s), l, s }'
