package org.minigpt.studio;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.ModelSize;
import org.minigpt.core.SavedRun;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.http.EventStream;
import org.minigpt.http.Exchange;
import org.minigpt.http.HttpError;
import org.minigpt.http.WebServer;

/**
 * The studio's HTTP server (minigpt's {@link WebServer}), on the loopback address only: the page,
 * {@code /api/params}, {@code /api/train} (start, stop, events), {@code /api/generate}, {@code /api/next} and
 * {@code /api/chat}.
 */
public final class StudioServer implements AutoCloseable {
    /** The largest JSON body the page sends (the training settings). */
    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** How often an idle training stream sends a comment, which also finds a page that has closed. */
    private static final long KEEP_ALIVE_SECONDS = 2;

    private final Plugins plugins;
    private final Vocabularies vocabularies;
    private final StudioControls controls;
    private final StudioTraining training;
    private final Path initialRun;
    private final WebServer server;

    /**
     * @param text the training text, read from {@code dataFile}; null when it names a prepared corpus
     * @param runsDir where the runs the studio trains are saved
     * @param initialRun a run to generate from before the studio has trained one, or null
     * @param port 0 for any free port
     */
    public StudioServer(Plugins plugins, Path dataFile, String text, Path runsDir, Path initialRun, int port) throws Exception {
        this(plugins, dataFile, text, runsDir, initialRun, port, Set.of());
    }

    /** @param allowedOrigins other web pages' origins that may use the studio, besides its own page */
    public StudioServer(Plugins plugins, Path dataFile, String text, Path runsDir, Path initialRun, int port,
            Set<String> allowedOrigins) throws Exception {
        this.plugins = plugins;
        this.vocabularies = Vocabularies.of(plugins, dataFile, text);
        this.controls = new StudioControls(plugins);
        this.training = new StudioTraining(plugins, dataFile, runsDir);
        this.initialRun = initialRun;
        StudioModel models = new StudioModel(plugins, this::generationRun);
        // Only this machine's own pages (and those allowed) may use the studio: no foreign Host (DNS rebinding),
        // no other origin's requests.
        this.server = WebServer.on(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "minigpt-studio-http")
                .fallback("GET", new StaticFiles())
                .route("GET", "/api/params", this::params)
                .route("GET", "/api/settings", exchange -> exchange.sendJson(200, controls.describe()))
                .route("GET", "/api/status", this::status)
                .route("POST", "/api/train", this::startTraining)
                .route("POST", "/api/train/stop", this::stopTraining)
                .route("GET", "/api/train/events", this::trainingEvents)
                .route("GET", "/api/generate", new GenerateEndpoint(models))
                .route("GET", "/api/next", new NextTokenEndpoint(models))
                .route("GET", "/api/chat", new ChatEndpoint(models))
                .allowedOrigins(allowedOrigins)
                .start();
    }

    public URI uri() {
        return server.uri();
    }

    /** Waits for a training run in progress to end; for tests. */
    public void awaitTraining() throws InterruptedException {
        training.awaitEnd();
    }

    @Override
    public void close() {
        server.close();
    }

    private Optional<Path> generationRun() {
        return training.run().or(() -> Optional.ofNullable(initialRun));
    }

    /** The parameter count of the page's settings, by {@link ModelSize}, as {@code minigpt params} counts it. */
    private void params(Exchange exchange) throws IOException {
        Config config = vocabularies.withTokenizer(controls.model(exchange.query()));
        ModelSize size = ModelSize.of(plugins, config, vocabularies.size(config));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("model", size.model());
        reply.put("vocabSize", size.vocabSize());
        reply.put("contextLength", size.contextLength());
        reply.put("total", size.total());
        List<Map<String, Object>> parts = size.parts().stream()
                .map((ParameterCount part) -> Map.<String, Object>of("part", part.part(), "count", part.count())).toList();
        reply.put("parts", parts);
        exchange.sendJson(200, reply);
    }

    private void status(Exchange exchange) throws IOException {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("training", training.state());
        reply.put("run", training.run().map(Path::toString).orElse(null));
        reply.put("generateFrom", generationRun().map(Path::toString).orElse(null));
        reply.put("chat", generationRun().map(StudioServer::instructionTuned).orElse(false));
        exchange.sendJson(200, reply);
    }

    private static boolean instructionTuned(Path run) {
        try {
            return SavedRun.isInstructionTuned(RunDirectory.open(run).config());
        } catch (RuntimeException e) {
            return false; // a run folder not yet written: nothing to chat with
        }
    }

    private void startTraining(Exchange exchange) throws IOException {
        Config requested = vocabularies.withTokenizer(controls.training(jsonBody(exchange)));
        Path run = training.start(withStudioSchedule(requested));
        exchange.sendJson(202, Map.of("run", run.toString()));
    }

    /** Ten evaluations and about a hundred chart points per run, whatever its length. */
    private static Config withStudioSchedule(Config config) {
        int steps = TrainOptions.from(config.section("train")).steps();
        return config.with("train.eval_interval", Integer.toString(Math.max(1, steps / 10)))
                .with("train.log_interval", Integer.toString(Math.max(1, steps / 100)))
                .with("train.eval_batches", "10")
                .with("train.warmup_steps", Integer.toString(Math.min(100, Math.max(1, steps / 10))));
    }

    private void stopTraining(Exchange exchange) throws IOException {
        training.stop();
        exchange.sendJson(202, Map.of("stopping", training.run().map(Path::toString).orElse("")));
    }

    /** The request body as a JSON object of strings. */
    private static Map<String, String> jsonBody(Exchange exchange) throws IOException {
        byte[] body = exchange.body(MAX_BODY_BYTES);
        Map<String, String> values = new LinkedHashMap<>();
        try {
            Exchange.JSON.readTree(body).fields()
                    .forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        } catch (IOException | RuntimeException e) {
            throw new HttpError(400, "the request body is not a JSON object");
        }
        return values;
    }

    private void trainingEvents(Exchange exchange) throws InterruptedException {
        BlockingQueue<String> queue = training.events().subscribe();
        try {
            EventStream stream = exchange.events();
            while (!stream.broken()) {
                String frame = queue.poll(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                if (frame == null) {
                    stream.keepAlive();
                } else {
                    stream.write(frame);
                }
            }
        } finally {
            training.events().unsubscribe(queue);
        }
    }
}
