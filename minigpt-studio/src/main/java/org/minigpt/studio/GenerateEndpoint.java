package org.minigpt.studio;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.minigpt.api.MinigptException;
import org.minigpt.api.plugin.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.SavedRun;
import org.minigpt.core.generate.Generation;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;

/**
 * {@code GET /api/generate?prompt=&temperature=&top_k=&top_p=&max_tokens=&seed=}: text from the
 * studio's model as server-sent events, a {@code text} event per piece as it is sampled, then
 * {@code done}. The model is the best checkpoint of the run trained last, else of {@code --run}.
 */
final class GenerateEndpoint implements Http.Endpoint {
    static final int MAX_TOKENS = 1000;
    static final int MAX_PROMPT = 2000;

    private final Plugins plugins;
    private final Supplier<Optional<Path>> runs;
    private Loaded loaded;

    private record Loaded(Path checkpoint, long step, Tokenizer tokenizer, SerializedModel model, String run) {
    }

    /** @param runs the run to generate from, in order of preference; empty when there is none yet */
    GenerateEndpoint(Plugins plugins, Supplier<Optional<Path>> runs) {
        this.plugins = plugins;
        this.runs = runs;
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        Map<String, String> query = Http.query(exchange);
        String prompt = query.getOrDefault("prompt", "\n");
        if (prompt.isEmpty() || prompt.length() > MAX_PROMPT) {
            throw new HttpError(400, "prompt must have 1 to " + MAX_PROMPT + " characters");
        }
        double temperature = number(query, "temperature", 0.8, 0, 5);
        int topK = (int) whole(query, "top_k", 0, 0, 100_000);
        double topP = number(query, "top_p", 1, 0.01, 1);
        int maxTokens = (int) whole(query, "max_tokens", 200, 1, MAX_TOKENS);
        long seed = whole(query, "seed", new SplittableRandom().nextLong(), -(1L << 53), 1L << 53);
        Loaded model = model();
        model.tokenizer().encode(prompt); // a character the tokenizer never saw is a 400, before the stream opens
        var sampler = Sampling.chain(plugins, model.tokenizer(), temperature, topK, topP);

        EventStream stream = EventStream.open(exchange);
        try {
            String text = new Generation(model.model(), model.tokenizer(), sampler)
                    .generate(prompt, maxTokens, List.of(), new SplittableRandom(seed), piece -> send(stream, piece));
            stream.send("done", Map.of("text", text, "run", model.run(), "step", model.step()));
        } catch (UncheckedIOException closedPage) {
            // the page closed the stream: stop sampling
        } catch (MinigptException e) {
            stream.send("failed", Map.of("error", e.getMessage()));
        }
    }

    /** The newest best checkpoint's model, loaded once per checkpoint. */
    private synchronized Loaded model() throws IOException {
        Path runDir = runs.get().orElseThrow(() -> new HttpError(409,
                "no model yet: train one in the studio, or start it with --run DIR"));
        RunDirectory run = RunDirectory.open(runDir);
        Checkpoints checkpoints = new Checkpoints(runDir);
        var checkpoint = checkpoints.best().or(checkpoints::latest)
                .orElseThrow(() -> new HttpError(409, "the run " + runDir + " has no checkpoint yet; wait for its first"));
        if (loaded != null && loaded.checkpoint().equals(checkpoint.path()) && loaded.step() == checkpoint.state().step()) {
            return loaded;
        }
        Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
        SavedRun.Model saved = SavedRun.model(plugins, run, tokenizer, Long.toString(checkpoint.state().step()), note -> { });
        loaded = new Loaded(checkpoint.path(), checkpoint.state().step(), tokenizer, new SerializedModel(saved.model()),
                runDir.toString());
        return loaded;
    }

    private static double number(Map<String, String> query, String name, double defaultValue, double min, double max) {
        String value = query.get(name);
        return value == null ? defaultValue : StudioSettings.number(name, value, min, max, false);
    }

    private static long whole(Map<String, String> query, String name, long defaultValue, long min, long max) {
        String value = query.get(name);
        return value == null ? defaultValue : (long) StudioSettings.number(name, value, min, max, true);
    }

    private static void send(EventStream stream, String piece) {
        try {
            stream.send("text", Map.of("text", piece));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
