package org.minigpt.studio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Decoder;
import org.minigpt.core.generate.Generation;
import org.minigpt.http.Endpoint;
import org.minigpt.http.EventStream;
import org.minigpt.http.Exchange;

/**
 * {@code GET /api/generate?prompt=&temperature=&top_k=&top_p=&max_tokens=&seed=}: text from the
 * studio's model as server-sent events, a {@code text} event per piece as it is sampled, then
 * {@code done}.
 */
final class GenerateEndpoint implements Endpoint {
    static final int MAX_TOKENS = 1000;

    private final StudioModel models;

    GenerateEndpoint(StudioModel models) {
        this.models = models;
    }

    @Override
    public void handle(Exchange exchange) throws Exception {
        Map<String, String> query = exchange.query();
        PromptRequest request = PromptRequest.of(query);
        int maxTokens = (int) StudioSettings.whole(query, "max_tokens", 200, 1, MAX_TOKENS);
        long seed = StudioSettings.whole(query, "seed", new SplittableRandom().nextLong(), -(1L << 53), 1L << 53);
        String prompt = request.prompt();
        StudioModel.Loaded model = request.on(models).model();
        var sampler = request.dials().chain(models.plugins(), model.tokenizer());

        EventStream stream = exchange.events();
        try (Decoder decoder = model.decoder()) {
            String text = new Generation(decoder, model.tokenizer(), sampler)
                    .generate(prompt, maxTokens, List.of(), new SplittableRandom(seed), piece -> send(stream, piece));
            stream.event("done", Map.of("text", text, "run", model.run(), "step", model.step()));
        } catch (UncheckedIOException closedPage) {
            // the page closed the stream: stop sampling
        } catch (MinigptException e) {
            stream.event("failed", Map.of("error", e.getMessage()));
        }
    }

    private static void send(EventStream stream, String piece) {
        stream.event("text", Map.of("text", piece));
        if (stream.broken()) {
            throw new UncheckedIOException(new IOException("the page closed the stream"));
        }
    }
}
