package org.minigpt.studio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.http.RequestGuard;
import org.minigpt.core.ModelSize;
import org.minigpt.core.SavedRun;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.train.TrainOptions;

/**
 * The studio's HTTP server (the JDK's), on the loopback address only: the page, {@code /api/params},
 * {@code /api/train} (start, stop, events), {@code /api/generate}, {@code /api/next} and {@code /api/chat}.
 */
public final class StudioServer implements AutoCloseable {
    /** Enough for a few pages, each with a training stream and two generation streams open. */
    private static final int THREADS = 16;

    private final Plugins plugins;
    private final Vocabularies vocabularies;
    private final StudioControls controls;
    private final StudioTraining training;
    private final Path initialRun;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * @param text the training text, read from {@code dataFile}; null when it names a prepared corpus
     * @param runsDir where the runs the studio trains are saved
     * @param initialRun a run to generate from before the studio has trained one, or null
     * @param port 0 for any free port
     */
    public StudioServer(Plugins plugins, Path dataFile, String text, Path runsDir, Path initialRun, int port) throws IOException {
        this.plugins = plugins;
        this.vocabularies = Vocabularies.of(plugins, dataFile, text);
        this.controls = new StudioControls(plugins);
        this.training = new StudioTraining(plugins, dataFile, runsDir);
        this.initialRun = initialRun;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "minigpt-studio-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        StudioModel models = new StudioModel(plugins, this::generationRun);
        Map<String, HttpHandler> endpoints = new LinkedHashMap<>();
        endpoints.put("/", Http.only("GET", null, new StaticFiles()));
        endpoints.put("/api/params", Http.only("GET", "/api/params", this::params));
        endpoints.put("/api/settings", Http.only("GET", "/api/settings", exchange -> Http.json(exchange, 200, controls.describe())));
        endpoints.put("/api/status", Http.only("GET", "/api/status", this::status));
        endpoints.put("/api/train", Http.only("POST", "/api/train", this::startTraining));
        endpoints.put("/api/train/stop", Http.only("POST", "/api/train/stop", this::stopTraining));
        endpoints.put("/api/train/events", Http.only("GET", "/api/train/events", this::trainingEvents));
        endpoints.put("/api/generate", Http.only("GET", "/api/generate", new GenerateEndpoint(models)));
        endpoints.put("/api/next", Http.only("GET", "/api/next", new NextTokenEndpoint(models)));
        endpoints.put("/api/chat", Http.only("GET", "/api/chat", new ChatEndpoint(models)));
        // Only this machine's own pages may use the studio: no foreign Host (DNS rebinding), no cross-site POST.
        Filter guard = new RequestGuard(server.getAddress(), Optional.empty(), Set.of())
                .filter((exchange, refusal) -> Http.refuse(exchange, refusal.status(), refusal.message()));
        endpoints.forEach((path, handler) -> server.createContext(path, handler).getFilters().add(guard));
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Waits for a training run in progress to end; for tests. */
    public void awaitTraining() throws InterruptedException {
        training.awaitEnd();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private Optional<Path> generationRun() {
        return training.run().or(() -> Optional.ofNullable(initialRun));
    }

    /** The parameter count of the page's settings, by {@link ModelSize}, as {@code minigpt params} counts it. */
    private void params(HttpExchange exchange) throws IOException {
        Config config = vocabularies.withTokenizer(controls.model(Http.query(exchange)));
        ModelSize size = ModelSize.of(plugins, config, vocabularies.size(config));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("model", size.model());
        reply.put("vocabSize", size.vocabSize());
        reply.put("contextLength", size.contextLength());
        reply.put("total", size.total());
        List<Map<String, Object>> parts = size.parts().stream()
                .map((ParameterCount part) -> Map.<String, Object>of("part", part.part(), "count", part.count())).toList();
        reply.put("parts", parts);
        Http.json(exchange, 200, reply);
    }

    private void status(HttpExchange exchange) throws IOException {
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("training", training.state());
        reply.put("run", training.run().map(Path::toString).orElse(null));
        reply.put("generateFrom", generationRun().map(Path::toString).orElse(null));
        reply.put("chat", generationRun().map(StudioServer::instructionTuned).orElse(false));
        Http.json(exchange, 200, reply);
    }

    private static boolean instructionTuned(Path run) {
        try {
            return SavedRun.isInstructionTuned(RunDirectory.open(run).config());
        } catch (RuntimeException e) {
            return false; // a run folder not yet written: nothing to chat with
        }
    }

    private void startTraining(HttpExchange exchange) throws IOException {
        Config requested = vocabularies.withTokenizer(controls.training(Http.jsonBody(exchange)));
        Path run = training.start(withStudioSchedule(requested));
        Http.json(exchange, 202, Map.of("run", run.toString()));
    }

    /** Ten evaluations and about a hundred chart points per run, whatever its length. */
    private static Config withStudioSchedule(Config config) {
        int steps = TrainOptions.from(config.section("train")).steps();
        return config.with("train.eval_interval", Integer.toString(Math.max(1, steps / 10)))
                .with("train.log_interval", Integer.toString(Math.max(1, steps / 100)))
                .with("train.eval_batches", "10")
                .with("train.warmup_steps", Integer.toString(Math.min(100, Math.max(1, steps / 10))));
    }

    private void stopTraining(HttpExchange exchange) throws IOException {
        training.stop();
        Http.json(exchange, 202, Map.of("stopping", training.run().map(Path::toString).orElse("")));
    }

    private void trainingEvents(HttpExchange exchange) throws IOException, InterruptedException {
        BlockingQueue<String> queue = training.events().subscribe();
        try {
            EventStream stream = EventStream.open(exchange);
            while (true) {
                String frame = queue.poll(10, TimeUnit.SECONDS);
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
