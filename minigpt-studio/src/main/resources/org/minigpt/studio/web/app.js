// minigpt studio: three panels over the studio's JSON and server-sent-event endpoints.
'use strict';

const $ = (id) => document.getElementById(id);
const MODEL_SLIDERS = ['layers', 'heads', 'd_model', 'context_length', 'vocab_size'];

// ---- 1. Build a model -------------------------------------------------------------------------

function modelSettings() {
  const settings = {};
  for (const id of ['layers', 'heads', 'd_model', 'context_length']) settings[id] = $(id).value;
  settings.tokenizer = $('tokenizer').value;
  if (settings.tokenizer === 'bpe') settings.vocab_size = $('vocab_size').value;
  return settings;
}

// What the server would refuse anyway, shown at once and never sent.
function invalidReason(settings) {
  if (Number(settings.d_model) % Number(settings.heads) !== 0) {
    return `heads (${settings.heads}) must divide d_model (${settings.d_model})`;
  }
  return null;
}

let paramsRequest = 0;
let paramsTimer = null;

function showSliderValues() {
  for (const id of MODEL_SLIDERS) $(id + '-value').textContent = $(id).value;
  $('vocab-label').hidden = $('tokenizer').value !== 'bpe';
}

function modelChanged() {
  showSliderValues();
  const settings = modelSettings();
  const reason = invalidReason(settings);
  $('build-error').textContent = reason || '';
  $('start').disabled = Boolean(reason) || training;
  if (reason) {
    $('param-total').textContent = '—';
    $('param-note').textContent = '(invalid)';
    return;
  }
  $('param-note').textContent = '(counting…)';
  clearTimeout(paramsTimer);
  paramsTimer = setTimeout(() => countParameters(settings), 80);
}

async function countParameters(settings) {
  const request = ++paramsRequest;
  const response = await fetch('/api/params?' + new URLSearchParams(settings));
  const body = await response.json();
  if (request !== paramsRequest) return; // a newer slider position is on its way
  if (!response.ok) {
    $('build-error').textContent = body.error;
    $('param-total').textContent = '—';
    $('param-note').textContent = '(invalid)';
    return;
  }
  $('param-total').textContent = body.total.toLocaleString('en-US');
  $('param-note').textContent = `(vocabulary ${body.vocabSize}, context ${body.contextLength})`;
  const rows = body.parts.map((p) => `<tr><td>${escapeHtml(p.part)}</td><td>${p.count.toLocaleString('en-US')}</td></tr>`);
  document.querySelector('#param-parts tbody').innerHTML = rows.join('');
}

// ---- 2. Train ---------------------------------------------------------------------------------

let training = false;
const series = [[], [], []]; // steps, train loss, val loss
let chart = null;

function makeChart() {
  const width = Math.max(320, $('chart').clientWidth || 480);
  chart = new uPlot({
    width, height: 260,
    scales: { x: { time: false } },
    axes: [{ label: 'step' }, { label: 'loss (nats/token)' }],
    series: [
      { label: 'step' },
      { label: 'train', stroke: '#2f6fdf', width: 2, spanGaps: true },
      { label: 'val', stroke: '#e0662f', width: 2, spanGaps: true, points: { show: true, size: 6 } },
    ],
  }, series, $('chart'));
}

function resetTraining() {
  series.forEach((s) => { s.length = 0; });
  chart.setData(series);
  $('samples').innerHTML = '';
  $('point-count').textContent = '0';
  $('train-val').textContent = '–';
  $('train-error').textContent = '';
}

function setTraining(running, state) {
  training = running;
  $('train-state').textContent = state;
  $('stop').disabled = !running;
  $('start').disabled = running || Boolean(invalidReason(modelSettings()));
}

function listenToTraining() {
  const events = new EventSource('/api/train/events');
  events.addEventListener('started', () => { resetTraining(); setTraining(true, 'running'); });
  events.addEventListener('point', (e) => {
    const p = JSON.parse(e.data);
    series[0].push(p.step);
    series[1].push(p.loss);
    series[2].push(p.valLoss);
    chart.setData(series);
    $('point-count').textContent = series[0].length;
    $('train-step').textContent = `${p.step}/${p.totalSteps}`;
    if (p.tokensPerSecond !== null) $('train-speed').textContent = Math.round(p.tokensPerSecond).toLocaleString('en-US');
    if (p.valLoss !== null) $('train-val').textContent = p.valLoss.toFixed(4);
  });
  events.addEventListener('sample', (e) => {
    const s = JSON.parse(e.data);
    const item = document.createElement('li');
    item.textContent = `step ${s.step}: ${s.text.trim()}`;
    $('samples').appendChild(item);
  });
  events.addEventListener('status', (e) => {
    const s = JSON.parse(e.data);
    setTraining(false, s.state);
    showNextToken();
    showChatIfTuned();
    if (s.message) $('train-error').textContent = s.message;
  });
}

async function startTraining() {
  const body = { ...modelSettings(), steps: $('steps').value, batch_size: $('batch_size').value, lr: $('lr').value };
  $('train-error').textContent = '';
  const response = await fetch('/api/train', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!response.ok) $('train-error').textContent = (await response.json()).error;
}

async function stopTraining() {
  const response = await fetch('/api/train/stop', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
  });
  if (!response.ok) $('train-error').textContent = (await response.json()).error;
}

// ---- 3. Generate ------------------------------------------------------------------------------

// fetch rather than EventSource: a refused request's JSON message can then be shown.
async function stream(url, onEvent) {
  const response = await fetch(url);
  if (!response.ok) throw new Error((await response.json()).error);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame);
      const data = /^data: (.*)$/m.exec(frame);
      if (event && data) onEvent(event[1], JSON.parse(data[1]));
    }
  }
}

function generateInto(column, temperature) {
  const target = $('text-' + column);
  target.textContent = '';
  const query = new URLSearchParams({
    prompt: $('prompt').value, temperature, top_k: $('top_k').value, top_p: $('top_p').value,
    max_tokens: $('max_tokens').value,
  });
  return stream('/api/generate?' + query, (event, data) => {
    if (event === 'text') target.textContent += data.text;
    if (event === 'failed') $('generate-error').textContent = data.error;
    if (event === 'done') target.dataset.done = 'true';
  });
}

async function generate() {
  $('generate-error').textContent = '';
  $('text-a').dataset.done = $('text-b').dataset.done = 'false';
  $('run-generate').disabled = true;
  try {
    await Promise.all([
      generateInto('a', $('temperature-a').value),
      generateInto('b', $('temperature-b').value),
    ]);
  } catch (e) {
    $('generate-error').textContent = e.message;
  } finally {
    $('run-generate').disabled = false;
  }
}

// ---- 3b. Next token: the distribution before and after the dials -----------------------------

let nextChart = null;
let nextLabels = [];
let nextRequest = 0;
let nextTimer = null;

// A token as a bar's label: line breaks, tabs and spaces made visible.
function shownToken(text) {
  return text.replace(/\n/g, '↵').replace(/\t/g, '⇥').replace(/ /g, '␣');
}

function percent(p) {
  return (100 * p).toFixed(1) + '%';
}

function makeNextChart() {
  const bars = uPlot.paths.bars;
  const width = Math.max(320, $('next-chart').clientWidth || 480);
  nextChart = new uPlot({
    width, height: 220,
    scales: { x: { time: false, range: () => [-0.5, Math.max(nextLabels.length, 1) - 0.5] }, y: { range: [0, 1] } },
    axes: [
      { splits: () => nextLabels.map((_, i) => i), values: (u, splits) => splits.map((i) => nextLabels[i] ?? ''), gap: 2 },
      { label: 'probability' },
    ],
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: 'token', value: (u, i) => (i == null ? '–' : nextLabels[i] ?? '') },
      { label: 'model', fill: '#b8bfca', stroke: '#b8bfca', paths: bars({ size: [0.8, 60] }), points: { show: false } },
      { label: 'left', fill: '#2f6fdf', stroke: '#2f6fdf', paths: bars({ size: [0.36, 26], align: -1 }), points: { show: false } },
      { label: 'right', fill: '#e0662f', stroke: '#e0662f', paths: bars({ size: [0.36, 26], align: 1 }), points: { show: false } },
    ],
  }, [[], [], [], []], $('next-chart'));
}

async function nextTokens(temperature) {
  const query = new URLSearchParams({ prompt: $('prompt').value, temperature, top_k: $('top_k').value, top_p: $('top_p').value });
  const response = await fetch('/api/next?' + query);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error);
  return body;
}

function nextChanged() {
  clearTimeout(nextTimer);
  nextTimer = setTimeout(showNextToken, 120);
}

async function showNextToken() {
  const request = ++nextRequest;
  let left;
  let right;
  try {
    [left, right] = await Promise.all([nextTokens($('temperature-a').value), nextTokens($('temperature-b').value)]);
  } catch (e) {
    if (request === nextRequest) $('next-note').textContent = e.message;
    return;
  }
  if (request !== nextRequest) return; // a newer dial position is on its way
  nextLabels = left.tokens.map((t) => shownToken(t.text));
  const chart = $('next-chart');
  chart.dataset.before = JSON.stringify(left.tokens.map((t) => t.before));
  chart.dataset.afterLeft = JSON.stringify(left.tokens.map((t) => t.after));
  chart.dataset.afterRight = JSON.stringify(right.tokens.map((t) => t.after));
  nextChart.setData([left.tokens.map((_, i) => i), left.tokens.map((t) => t.before), left.tokens.map((t) => t.after),
    right.tokens.map((t) => t.after)]);
  nextChart.redraw(true, true); // the x range stays put, so uPlot would keep the previous labels
  const top = left.tokens[0];
  $('next-note').textContent = `Step ${left.step}: most likely ${nextLabels[0]} at ${percent(top.before)};`
    + ` left ${percent(top.after)}, right ${percent(right.tokens[0].after)}.`;
}

function showTemperatures() {
  $('temperature-a-value').textContent = $('temperature-a').value;
  $('temperature-b-value').textContent = $('temperature-b').value;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// ---- 4. Chat: shown when the run to generate from is instruction-tuned ---------------------------

let chatMessages = [];

async function showChatIfTuned() {
  const response = await fetch('/api/status');
  if (response.ok) $('chat').hidden = !(await response.json()).chat;
}

function chatLine(role, text) {
  const item = document.createElement('li');
  item.className = 'chat-' + role;
  item.textContent = text;
  $('chat-log').append(item);
  return item;
}

async function sendChat() {
  const text = $('chat-input').value.trim();
  if (!text) return;
  $('chat-error').textContent = '';
  $('chat-input').value = '';
  chatMessages.push({ role: 'user', content: text });
  chatLine('user', text);
  const asked = $('chat-log').lastElementChild;
  const reply = chatLine('assistant', '');
  reply.dataset.done = 'false';
  $('chat-send').disabled = true;
  const query = new URLSearchParams({
    messages: JSON.stringify(chatMessages), temperature: $('chat-temperature').value,
    top_k: $('top_k').value, top_p: $('top_p').value, max_tokens: $('max_tokens').value,
  });
  try {
    await stream('/api/chat?' + query, (event, data) => {
      if (event === 'text') reply.textContent += data.text;
      if (event === 'done') {
        reply.dataset.done = 'true';
        if (data.dropped > 0) $('chat-error').textContent = '(older turns dropped to keep the conversation within the model\'s window)';
      }
    });
    chatMessages.push({ role: 'assistant', content: reply.textContent || ' ' });
  } catch (e) {
    chatMessages.pop(); // the message was not taken: it leaves the conversation, and the page says why
    asked.remove();
    reply.remove();
    $('chat-error').textContent = e.message;
  } finally {
    $('chat-send').disabled = false;
  }
}

function resetChat() {
  chatMessages = [];
  $('chat-log').textContent = '';
}

function showChatTemperature() {
  $('chat-temperature-value').textContent = $('chat-temperature').value;
}

// ---- wiring -----------------------------------------------------------------------------------

for (const id of [...MODEL_SLIDERS, 'tokenizer']) $(id).addEventListener('input', modelChanged);
$('start').addEventListener('click', startTraining);
$('stop').addEventListener('click', stopTraining);
$('run-generate').addEventListener('click', generate);
$('temperature-a').addEventListener('input', showTemperatures);
$('temperature-b').addEventListener('input', showTemperatures);
for (const id of ['prompt', 'top_k', 'top_p', 'temperature-a', 'temperature-b']) $(id).addEventListener('input', nextChanged);
// Each model and training control keeps within its setting's descriptor and shows its help. The page's
// own bounds lie within them (moving a bound would move a slider's steps), so only a wider one is narrowed.
async function applySettingBounds() {
  const response = await fetch('/api/settings');
  if (!response.ok) return;
  for (const control of await response.json()) {
    const input = document.getElementById(control.name);
    if (!input) continue;
    if (Number(input.min) < control.min) input.min = control.min;
    if (Number(input.max) > control.max) input.max = control.max;
    input.title = control.key + ': ' + control.help + ' (default ' + control['default'] + ')';
  }
}

makeChart();
makeNextChart();
applySettingBounds();
showNextToken();
showTemperatures();
modelChanged();
listenToTraining();
$('chat-send').addEventListener('click', sendChat);
$('chat-input').addEventListener('keydown', (e) => { if (e.key === 'Enter') sendChat(); });
$('chat-reset').addEventListener('click', resetChat);
$('chat-temperature').addEventListener('input', showChatTemperature);
showChatTemperature();
showChatIfTuned();
