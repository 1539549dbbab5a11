// Streaming clients against a running `minigpt serve`, from a second process on loopback:
//   node bench/serve_load.mjs BASE_URL MODEL CLIENTS REQUESTS_EACH MAX_TOKENS [N] [RATE]
// Closed loop (RATE absent or 0): CLIENTS clients each send REQUESTS_EACH requests one after another.
// Open loop (RATE > 0): CLIENTS * REQUESTS_EACH requests arrive as a Poisson process of RATE requests/s.
// Each request streams MAX_TOKENS tokens in N choices (stream: true, no stop, temperature 1). Prints one JSON
// line with the names of vLLM's benchmark_serving.py: output tokens/s over the wall time; TTFT (time to the
// first token), TPOT (time per output token after the first, per request) and ITL (between token events),
// each p50/p99 in ms.
const [url, model, clients, requests, maxTokens, n = '1', rate = '0'] = process.argv.slice(2);
const ttft = [];
const tpot = [];
const itl = [];
let tokens = 0;
let failures = 0;

async function one(seed) {
  const start = performance.now();
  const response = await fetch(`${url}/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model, prompt: 'ROMEO:', max_tokens: Number(maxTokens), n: Number(n), seed, temperature: 1,
      stream: true, stream_options: { include_usage: true } }),
  });
  if (!response.ok) { failures++; await response.text(); return; }
  const decoder = new TextDecoder();
  let first = null;
  let last = null;
  let buffer = '';
  let produced = 0;
  for await (const bytes of response.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith('data: {')) continue;
      const chunk = JSON.parse(frame.slice(6));
      if (chunk.usage) produced = chunk.usage.completion_tokens;
      if (!chunk.choices?.[0]?.text) continue;
      const now = performance.now();
      if (first === null) { first = now; ttft.push(now - start); } else itl.push(now - last);
      last = now;
    }
  }
  tokens += produced;
  if (first !== null && produced > Number(n)) tpot.push((last - first) / (produced / Number(n) - 1));
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const began = performance.now();
const total = Number(clients) * Number(requests);
if (Number(rate) > 0) {
  const sent = [];
  for (let r = 0; r < total; r++) {
    sent.push(one(r));
    // Poisson arrivals: exponential gaps with mean 1/RATE seconds.
    await new Promise((resolve) => setTimeout(resolve, (-Math.log(1 - Math.random()) / Number(rate)) * 1000));
  }
  await Promise.all(sent);
} else {
  await Promise.all(Array.from({ length: Number(clients) }, async (_, client) => {
    for (let r = 0; r < Number(requests); r++) await one(client * 1000 + r);
  }));
}
const seconds = (performance.now() - began) / 1000;
const ms = (values, p, digits) => percentile(values, p)?.toFixed(digits);
console.log(JSON.stringify({
  clients: Number(clients), requests: total, n: Number(n), rate: Number(rate), failures,
  tokens_per_s: Math.round(tokens / seconds),
  ttft_ms_p50: ms(ttft, 50, 1), ttft_ms_p99: ms(ttft, 99, 1),
  tpot_ms_p50: ms(tpot, 50, 2), tpot_ms_p99: ms(tpot, 99, 2),
  itl_ms_p50: ms(itl, 50, 2), itl_ms_p99: ms(itl, 99, 2),
}));
