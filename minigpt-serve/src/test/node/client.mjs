// The official openai client against a live `minigpt serve`: node client.mjs BASE_URL API_KEY.
// Prints one JSON object of what each call returned, for OpenAiNodeClientTest to check.
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: process.argv[2], apiKey: process.argv[3], timeout: 60_000, maxRetries: 0 });
const out = {};

const completion = { model: 'base', prompt: 'ROMEO:', max_tokens: 20, seed: 5, temperature: 1 };
out.completion = (await client.completions.create(completion)).choices[0].text;
out.completionAgain = (await client.completions.create(completion)).choices[0].text;
let streamed = '';
for await (const chunk of await client.completions.create({ ...completion, stream: true })) {
  streamed += chunk.choices[0]?.text ?? '';
}
out.completionStreamed = streamed;

const chat = { model: 'tuned', messages: [{ role: 'user', content: 'Who is there?' }], max_tokens: 20, temperature: 0 };
const reply = await client.chat.completions.create(chat);
out.chat = reply.choices[0].message.content;
out.chatFinish = reply.choices[0].finish_reason;
out.chatUsage = reply.usage;
let deltas = '';
let usage = null;
for await (const chunk of await client.chat.completions.create({ ...chat, stream: true, stream_options: { include_usage: true } })) {
  deltas += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
out.chatStreamed = deltas;
out.chatStreamedUsage = usage;

const several = await client.chat.completions.create({ ...chat, n: 2, temperature: 1, seed: 9 });
out.choices = several.choices.map((choice) => choice.index);
const stopped = await client.completions.create({ ...completion, max_tokens: 60, temperature: 0, stop: ['\n'] });
out.stopped = stopped.choices[0].text;
out.stoppedFinish = stopped.choices[0].finish_reason;
const withLogprobs = await client.chat.completions.create({ ...chat, logprobs: true, top_logprobs: 2 });
out.logprobs = withLogprobs.choices[0].logprobs.content.map((token) => [token.token, token.top_logprobs.length]);
try {
  await client.chat.completions.create({ ...chat, model: 'base' });
  out.baseChat = 'answered';
} catch (error) {
  out.baseChat = `${error.status} ${error.error?.message ?? error.message}`;
}
console.log(JSON.stringify(out));
