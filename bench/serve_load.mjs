// Streaming clients against a running `minigpt serve`, from a second process on loopback:
//   node bench/serve_load.mjs BASE_URL MODEL CLIENTS REQUESTS_EACH MAX_TOKENS
// Each client sends its requests one after another (stream: true, no stop, temperature 1); prints one JSON line:
// aggregate generated tokens/s over the wall time, and p50/p99 of time to first token and of the time between tokens.
const [url, model, clients, requests, maxTokens] = process.argv.slice(2);
const ttft = [];
const gaps = [];
let tokens = 0;
let failures = 0;

async function one(seed) {
  const start = performance.now();
  const response = await fetch(`${url}/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model, prompt: 'ROMEO:', max_tokens: Number(maxTokens), seed, temperature: 1, stream: true }),
  });
  if (!response.ok) { failures++; await response.text(); return; }
  const decoder = new TextDecoder();
  let last = null;
  let buffer = '';
  for await (const bytes of response.body) {
    buffer += decoder.decode(bytes, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (!frame.startsWith('data: {')) continue;
      const text = JSON.parse(frame.slice(6)).choices[0]?.text;
      if (!text) continue;
      const now = performance.now();
      if (last === null) ttft.push(now - start); else gaps.push(now - last);
      last = now;
      tokens += text.length; // char-level runs: a character a token
    }
  }
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const began = performance.now();
await Promise.all(Array.from({ length: Number(clients) }, async (_, client) => {
  for (let r = 0; r < Number(requests); r++) await one(client * 1000 + r);
}));
const seconds = (performance.now() - began) / 1000;
console.log(JSON.stringify({
  clients: Number(clients), requests: Number(clients) * Number(requests), failures,
  tokens_per_s: Math.round(tokens / seconds),
  ttft_ms_p50: percentile(ttft, 50)?.toFixed(1), ttft_ms_p99: percentile(ttft, 99)?.toFixed(1),
  token_ms_p50: percentile(gaps, 50)?.toFixed(2), token_ms_p99: percentile(gaps, 99)?.toFixed(2),
}));
