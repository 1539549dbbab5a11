package org.minigpt.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.core.Parts;
import org.minigpt.core.chat.ChatReply;
import org.minigpt.core.generate.Completion;
import org.minigpt.core.generate.CompletionCursor;
import org.minigpt.core.generate.CompletionScheduler;

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

    void handle(HttpExchange exchange, long arrived) throws IOException, InterruptedException {
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
            java.util.Arrays.fill(probe, model.tokenizer().textTokens(), probe.length, Float.NEGATIVE_INFINITY);
            model.chat().ifPresent(template -> probe[template.end()] = 0);
            sampler.start().next(probe, new int[0], new SplittableRandom(0));
        } catch (MinigptException e) {
            throw ApiError.invalid(request.sampling().keys().containsKey("sampler.logit-bias.ids") ? "logit_bias" : "sampler",
                    e.getMessage());
        }
        Responses shapes = new Responses(chat, (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID(), System.currentTimeMillis() / 1000,
                model.name());
        Generating generating = new Generating(request, model, prompts, sampler, arrived);
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
                for (String prompt : request.prompts()) {
                    prompts.add(model.tokenizer().encode(prompt));
                }
            }
        } catch (MinigptException e) {
            throw ApiError.invalid(chat ? "messages" : "prompt", e.getMessage());
        }
        if (prompts.stream().anyMatch(prompt -> prompt.length == 0)) {
            throw ApiError.invalid("prompt", "prompt is empty; give at least one character");
        }
        prompts.forEach(prompt -> metrics.promptTokens(prompt.length));
        return prompts;
    }

    private Completion completion(ServedModel model, SamplerChain sampler, GenerationRequest request) {
        Completion completion = chat ? ChatReply.completion(model.chat().orElseThrow(), sampler)
                : Completion.ofText(model.tokenizer(), sampler);
        return request.logprobs() >= 0 ? completion.withLogprobs(request.logprobs()) : completion;
    }

    /** Choice {@code index}'s random source: a seeded request repeats its text, choice by choice. */
    private static RandomGenerator random(GenerationRequest request, int index) {
        return request.seed().map(seed -> (RandomGenerator) new SplittableRandom(seed + index))
                .orElseGet(SplittableRandom::new);
    }

    /** What one kind of reply does with each choice: where its pieces go, and what it does when the choice ends. */
    private interface Choices {
        Consumer<Completion.Piece> started(int index);

        void finished(int index, Completion.Result result);
    }

    /** A piece of choice {@code index}'s text, or (with {@code result}) its end. */
    private record Event(int index, Completion.Piece piece, Completion.Result result) {
    }

    /**
     * A request's choices, prompt by prompt and {@code n} for each, decoding on the model's loop among every other
     * request's: their pieces and ends come back as events, which the request's own thread hands on.
     */
    private final class Generating {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final List<CompletionScheduler.Request> submitted = new ArrayList<>();
        private final DecodingLoop loop;
        private final int choices;

        Generating(GenerationRequest request, ServedModel model, List<int[]> prompts, SamplerChain sampler, long arrived) {
            this.loop = loops.of(model);
            this.choices = prompts.size() * request.n();
            Completion completion = completion(model, sampler, request);
            for (int p = 0; p < prompts.size(); p++) {
                int first = p * request.n();
                List<CompletionCursor> cursors = new ArrayList<>();
                for (int i = 0; i < request.n(); i++) {
                    int index = first + i;
                    cursors.add(completion.start(prompts.get(p), request.maxTokens(), request.stop(), random(request, index),
                            piece -> events.add(new Event(index, piece, null))));
                }
                try {
                    submitted.add(loop.submit(cursors, progress(first, request.n(), arrived)));
                } catch (ApiError e) {
                    cancel();
                    throw e;
                }
            }
        }

        private CompletionScheduler.Progress progress(int first, int n, long arrived) {
            long[] last = new long[n];
            java.util.Arrays.fill(last, arrived);
            boolean[] started = new boolean[n];
            return new CompletionScheduler.Progress() {
                @Override
                public void token(int choice) {
                    long now = System.nanoTime();
                    metrics.tokenTimed(Duration.ofNanos(now - last[choice]), !started[choice]);
                    started[choice] = true;
                    last[choice] = now;
                }

                @Override
                public void ended(int choice, Completion.Result result) {
                    events.add(new Event(first + choice, null, result));
                }
            };
        }

        /**
         * Hands every event on until each choice has ended, or {@code cancelled} says the client left. Returns the
         * completion tokens of them all.
         */
        int deliver(BooleanSupplier cancelled, Choices to) throws InterruptedException {
            List<Consumer<Completion.Piece>> pieces = new ArrayList<>();
            for (int index = 0; index < choices; index++) {
                pieces.add(to.started(index));
            }
            int open = choices;
            int completionTokens = 0;
            while (open > 0) {
                Event event = events.poll(200, TimeUnit.MILLISECONDS);
                if (cancelled.getAsBoolean()) {
                    cancel();
                }
                if (event == null) {
                    if (loop.stopped()) {
                        throw new ApiError(503, "server_error", null, "decoder_stopped", "the server stopped generating");
                    }
                } else if (event.result() == null) {
                    pieces.get(event.index()).accept(event.piece());
                } else {
                    completionTokens += event.result().tokens().length;
                    metrics.completionTokens(event.result().tokens().length);
                    to.finished(event.index(), event.result());
                    open--;
                }
            }
            return completionTokens;
        }

        void cancel() {
            submitted.forEach(CompletionScheduler.Request::cancel);
        }
    }

    private static int promptTokens(List<int[]> prompts) {
        return prompts.stream().mapToInt(prompt -> prompt.length).sum();
    }

    private void whole(HttpExchange exchange, GenerationRequest request, List<int[]> prompts, Generating generating,
            Responses shapes) throws IOException, InterruptedException {
        Map<Integer, Map<String, Object>> choices = new TreeMap<>();
        Map<Integer, List<Completion.Token>> tokens = new HashMap<>();
        int completionTokens = generating.deliver(() -> false, new Choices() {
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
        Api.send(exchange, 200, shapes.whole(List.copyOf(choices.values()), Responses.usage(promptTokens(prompts), completionTokens)));
    }

    private void streamed(HttpExchange exchange, GenerationRequest request, List<int[]> prompts, Generating generating,
            Responses shapes) throws IOException, InterruptedException {
        SseStream stream = SseStream.open(exchange);
        try {
            int completionTokens = generating.deliver(stream::broken, new Choices() {
                @Override
                public Consumer<Completion.Piece> started(int index) {
                    if (chat) {
                        stream.send(shapes.chunk(index, "", List.of(), false, 0, true));
                    }
                    int[] offset = {0};
                    return piece -> {
                        stream.send(shapes.chunk(index, piece.text(), piece.tokens(), request.logprobs() >= 0, offset[0], false));
                        offset[0] += piece.text().length();
                    };
                }

                @Override
                public void finished(int index, Completion.Result result) {
                    stream.send(shapes.finished(index, Responses.finishReason(result.finish())));
                }
            });
            if (request.includeUsage()) {
                stream.send(shapes.usageChunk(Responses.usage(promptTokens(prompts), completionTokens)));
            }
            stream.done();
        } catch (MinigptException e) {
            // The status has gone out with the first chunk: the error travels as a chunk, as OpenAI's streams carry them.
            stream.send(Map.of("error", Map.of("message", e.getMessage(), "type", "invalid_request_error")));
        }
    }
}
