// Runs a GGUF file in llama.cpp (through node-llama-cpp) and prints what minigpt's tests compare, as JSON:
//   node llama-cpp-check.mjs MODEL.gguf REQUEST.json
// REQUEST: {"window": 64,
//           "tokenize": ["text", ...],                  -> "tokenized": [[ids], ...]
//           "greedy": [{"prompt": [ids], "tokens": N}],  -> "greedy": [[ids], ...] (minigpt's window: past it, the
//                                                           sequence restarts from its last half window)
//           "top1": [ids],                              -> "top1": [id after each position], windows restarting at 0
//           "chat": [{"messages": [...], "maxTokens": N}], -> "chat": [{"prompt": [ids], "answer": "text"}]
//           "describe": true}                           -> "metadata": {...}, "tensors": [{name, dimensions, ggmlType}]
//                                                          (node-llama-cpp's own GGUF reader; token lists as counts)
import {readFileSync} from "node:fs";
import {getLlama, LlamaLogLevel, JinjaTemplateChatWrapper, LlamaChat, readGgufFileInfo} from "node-llama-cpp";

const [modelPath, requestPath] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestPath, "utf8"));
const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
const model = await llama.loadModel({modelPath});
const window = request.window;
const context = await model.createContext({contextSize: Math.max(window, 256), batchSize: window, sequences: 1, threads: 1});
const sequence = context.getSequence();
const result = {};

if (request.describe) {
    const info = await readGgufFileInfo(modelPath, {readTensorInfo: true});
    const ggml = info.metadata.tokenizer.ggml;
    for (const list of ["tokens", "token_type", "merges"]) {
        ggml[list] = ggml[list].length;
    }
    result.metadata = info.metadata;
    result.tensors = info.fullTensorInfo.map(({name, dimensions, ggmlType}) => ({name, dimensions, ggmlType}));
}

// The argmax after each of tokens, fed into a cleared sequence in one batch.
async function nextAfterEach(tokens) {
    const input = tokens.map(token => [token, {generateNext: {token: true, options: {temperature: 0}}}]);
    const outputs = await sequence.controlledEvaluate(input);
    return outputs.map(output => output.next.token);
}

async function nextAfter(tokens) {
    const input = tokens.map((token, i) => i === tokens.length - 1
        ? [token, {generateNext: {token: true, options: {temperature: 0}}}] : token);
    const outputs = await sequence.controlledEvaluate(input);
    return outputs[tokens.length - 1].next.token;
}

if (request.tokenize) {
    result.tokenized = request.tokenize.map(text => Array.from(model.tokenize(text, false)));
}
if (request.greedy) {
    result.greedy = [];
    for (const {prompt, tokens} of request.greedy) {
        const history = prompt.slice(-window);
        await sequence.clearHistory();
        let feed = history.slice();
        const generated = [];
        while (generated.length < tokens) {
            const next = await nextAfter(feed);
            generated.push(next);
            history.push(next);
            if (sequence.nextTokenIndex < window) {
                feed = [next];
            } else {
                await sequence.clearHistory();
                feed = history.slice(-Math.max(1, Math.floor(window / 2)));
            }
        }
        result.greedy.push(generated);
    }
}
if (request.top1) {
    result.top1 = [];
    for (let start = 0; start < request.top1.length; start += window) {
        await sequence.clearHistory();
        result.top1.push(...await nextAfterEach(request.top1.slice(start, start + window)));
    }
}
if (request.chat) {
    result.chat = [];
    const wrapper = new JinjaTemplateChatWrapper({template: model.fileInfo.metadata.tokenizer.chat_template});
    for (const {messages, maxTokens} of request.chat) {
        await sequence.clearHistory();
        const history = messages.map(m => m.role === "user" ? {type: "user", text: m.content}
            : m.role === "assistant" ? {type: "model", response: [m.content]} : {type: "system", text: m.content});
        history.push({type: "model", response: []});
        const {contextText} = wrapper.generateContextState({chatHistory: history});
        const prompt = Array.from(contextText.tokenize(model.tokenizer));
        const chat = new LlamaChat({contextSequence: sequence, chatWrapper: wrapper});
        const {response} = await chat.generateResponse(history, {temperature: 0, maxTokens});
        result.chat.push({prompt, answer: response});
        chat.dispose({disposeSequence: false});
    }
}
console.log(JSON.stringify(result));
await context.dispose();
await model.dispose();
await llama.dispose();
