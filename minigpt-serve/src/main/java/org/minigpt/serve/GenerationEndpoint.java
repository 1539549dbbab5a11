package org.minigpt.serve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.core.Parts;
import org.minigpt.core.chat.ChatReply;
import org.minigpt.core.generate.Completion;
import org.minigpt.http.EventStream;
import org.minigpt.http.Exchange;

/** {@code POST /v1/completions} and {@code POST /v1/chat/completions}: n choices a prompt, whole or streamed. */
final class GenerationEndpoint {
    private final boolean chat;
    private final ServedModels models;
    private final Parts parts;
    private final DecodingLoops loops;
    private final ServerMetrics metrics;
    private final int maxTokens;

    GenerationEndpoint(boolean chat, ServedModels models, Parts parts, DecodingLoops loops, ServerMetrics metrics, int maxTokens) {
        this.chat = chat;
        this.models = models;
        this.parts = parts;
        this.loops = loops;
        this.metrics = metrics;
        this.maxTokens = maxTokens;
    }

    void handle(Exchange exchange, long arrived) throws IOException, InterruptedException {
        GenerationRequest request = chat ? GenerationRequest.chat(Api.body(exchange), maxTokens)
                : GenerationRequest.completion(Api.body(exchange), maxTokens);
        ServedModel model = models.get(request.model());
        if (chat && model.chat().isEmpty()) {
            throw ApiError.invalid("model", "model '" + model.name() + "' is not instruction-tuned, so it has no chat template;"
                    + " use /v1/completions with a prompt");
        }
        List<int[]> prompts = prompts(request, model);
        SamplerChain sampler;
        try {
            sampler = parts.samplerChain(Config.of(request.sampling().keys()), model.tokenizer());
            // Settings that leave no token to choose fail here, not after a stream has begun.
            float[] probe = new float[model.tokenizer().vocabSize()];
            Arrays.fill(probe, model.tokenizer().textTokens(), probe.length, Float.NEGATIVE_INFINITY);
            model.chat().ifPresent(template -> probe[template.end()] = 0);
            sampler.start().next(probe, new int[0], new SplittableRandom(0));
        } catch (MinigptException e) {
            throw ApiError.invalid(request.sampling().keys().containsKey("sampler.logit-bias.ids") ? "logit_bias" : "sampler",
                    e.getMessage());
        }
        Responses shapes = new Responses(chat, (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID(), System.currentTimeMillis() / 1000,
                model.name());
        DecodingRequest generating = new DecodingRequest(loops.of(model), metrics, completion(model, sampler, request), request,
                prompts, arrived);
        try {
            if (request.stream()) {
                streamed(exchange, request, prompts, generating, shapes);
            } else {
                whole(exchange, request, prompts, generating, shapes);
            }
        } finally {
            generating.cancel(); // a client gone mid-stream frees its sequences at the next step
        }
    }

    private List<int[]> prompts(GenerationRequest request, ServedModel model) {
        List<int[]> prompts = new ArrayList<>();
        try {
            if (chat) {
                prompts.add(model.chat().orElseThrow().prompt(request.conversation()));
            } else {
                for (GenerationRequest.Prompt prompt : request.prompts()) {
                    prompts.add(prompt.ids() != null ? checked(prompt.ids(), model) : model.tokenizer().encode(prompt.text()));
                }
            }
        } catch (MinigptException e) {
            throw ApiError.invalid(chat ? "messages" : "prompt", e.getMessage());
        }
        if (prompts.stream().anyMatch(prompt -> prompt.length == 0)) {
            throw ApiError.invalid("prompt", "prompt is empty; give at least one character");
        }
        int window = model.model().contextLength();
        if (chat && prompts.get(0).length >= window) {
            throw new ApiError(400, "invalid_request_error", "messages", "context_length_exceeded", "This model's maximum"
                    + " context length is " + window + " tokens; your messages take " + prompts.get(0).length + " with the"
                    + " chat template, leaving no room for a reply. Shorten or drop earlier messages.");
        }
        // A text prompt past the window is read by its last window, and its usage counts those tokens.
        prompts.replaceAll(prompt -> Arrays.copyOfRange(prompt, Math.max(0, prompt.length - window), prompt.length));
        prompts.forEach(prompt -> metrics.promptTokens(prompt.length));
        return prompts;
    }

    /** Token ids given as the prompt, each one the model's. */
    private static int[] checked(int[] ids, ServedModel model) {
        int vocabulary = model.tokenizer().vocabSize();
        for (int id : ids) {
            if (id >= vocabulary) {
                throw ApiError.invalid("prompt", "prompt token id " + id + " is not in model '" + model.name() + "''s vocabulary"
                        + " of " + vocabulary + " tokens (ids 0 to " + (vocabulary - 1) + ")");
            }
        }
        return ids;
    }

    private Completion completion(ServedModel model, SamplerChain sampler, GenerationRequest request) {
        Completion completion = chat ? ChatReply.completion(model.chat().orElseThrow(), sampler)
                : Completion.ofText(model.tokenizer(), sampler);
        return request.logprobs() >= 0 ? completion.withLogprobs(request.logprobs()) : completion;
    }

    private static int promptTokens(List<int[]> prompts) {
        return prompts.stream().mapToInt(prompt -> prompt.length).sum();
    }

    private void whole(Exchange exchange, GenerationRequest request, List<int[]> prompts, DecodingRequest generating,
            Responses shapes) throws IOException, InterruptedException {
        Map<Integer, Map<String, Object>> choices = new TreeMap<>();
        Map<Integer, List<Completion.Token>> tokens = new HashMap<>();
        int completionTokens = generating.deliver(() -> false, new DecodingRequest.Choices() {
            @Override
            public Consumer<Completion.Piece> started(int index) {
                List<Completion.Token> own = tokens.computeIfAbsent(index, i -> new ArrayList<>());
                return piece -> own.addAll(piece.tokens());
            }

            @Override
            public void finished(int index, Completion.Result result) {
                choices.put(index, shapes.choice(index, result.text(), List.copyOf(tokens.get(index)), request.logprobs() >= 0,
                        Responses.finishReason(result.finish())));
            }
        });
        exchange.sendJson(200, shapes.whole(List.copyOf(choices.values()), Responses.usage(promptTokens(prompts), completionTokens)));
    }

    private void streamed(Exchange exchange, GenerationRequest request, List<int[]> prompts, DecodingRequest generating,
            Responses shapes) throws IOException, InterruptedException {
        EventStream stream = exchange.events();
        try {
            int completionTokens = generating.deliver(stream::broken, new DecodingRequest.Choices() {
                private final Set<Integer> begun = new HashSet<>();

                // A chat choice's first chunk carries its role; it goes out with the choice's first piece or its end.
                private void begin(int index) {
                    if (chat && begun.add(index)) {
                        stream.data(shapes.chunk(index, "", List.of(), false, 0, true));
                    }
                }

                @Override
                public Consumer<Completion.Piece> started(int index) {
                    int[] offset = {0};
                    return piece -> {
                        begin(index);
                        stream.data(shapes.chunk(index, piece.text(), piece.tokens(), request.logprobs() >= 0, offset[0], false));
                        offset[0] += piece.text().length();
                    };
                }

                @Override
                public void finished(int index, Completion.Result result) {
                    begin(index);
                    stream.data(shapes.finished(index, Responses.finishReason(result.finish())));
                }
            });
            if (request.includeUsage()) {
                stream.data(shapes.usageChunk(Responses.usage(promptTokens(prompts), completionTokens)));
            }
            stream.dataText("[DONE]");
            if (stream.broken()) {
                throw new IOException("the client left mid-stream"); // counted as 499
            }
        } catch (ApiError e) {
            if (!stream.started()) {
                throw e; // nothing has gone out: an ordinary error response
            }
            // The status has gone out with the first chunk: the error travels as a chunk, as OpenAI's streams carry them.
            stream.data(Map.of("error", Map.of("message", e.getMessage(), "type", e.type)));
            stream.dataText("[DONE]");
        } catch (MinigptException e) {
            stream.data(Map.of("error", Map.of("message", e.getMessage(), "type", "invalid_request_error")));
        }
    }
}
