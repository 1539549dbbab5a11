package org.minigpt.studio;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.Parts;
import org.minigpt.core.TrainingOutcome;
import org.minigpt.core.TrainingPlan;
import org.minigpt.core.train.TrainingListener;
import org.minigpt.core.train.TrainingPoint;
import org.minigpt.http.HttpError;

/**
 * The studio's one training run at a time: planned (and so checked) on the request, trained in a
 * background thread by the same plan as {@code minigpt train}; its description, points and evaluation
 * samples go to the pages as events.
 */
final class StudioTraining {
    static final int SAMPLE_TOKENS = 120;

    private final Plugins plugins;
    private final Parts parts;
    private final Path dataFile;
    private final Path runsDir;
    private final EventHub events = new EventHub();
    private volatile Thread thread;
    private volatile boolean stopRequested;
    private volatile Path run;
    private volatile String state = "idle";

    StudioTraining(Plugins plugins, Path dataFile, Path runsDir) {
        this.plugins = plugins;
        this.parts = new Parts(plugins);
        this.dataFile = dataFile;
        this.runsDir = runsDir;
    }

    EventHub events() {
        return events;
    }

    String state() {
        return state;
    }

    /** The run being trained or trained last, if any. */
    Optional<Path> run() {
        return Optional.ofNullable(run);
    }

    /**
     * Starts training {@code config} in a new run folder; refused while another run trains.
     *
     * @throws org.minigpt.api.MinigptException for a setting out of range, before anything is written
     */
    synchronized Path start(Config config) {
        if (thread != null && thread.isAlive()) {
            throw new HttpError(409, "a training run is in progress (" + run + "); stop it first");
        }
        Path runDir = newRunFolder();
        TrainingPlan plan = TrainingPlan.newRun(parts, config, runDir, () -> dataFile);
        run = runDir;
        stopRequested = false;
        state = "running";
        events.restart("started", Map.of("run", runDir.toString(), "settings", config.asMap()));
        thread = new Thread(() -> train(plan), "minigpt-studio-training");
        thread.setDaemon(true);
        thread.start();
        return runDir;
    }

    /** Asks the run to stop after its current step; it saves a checkpoint first. */
    synchronized void stop() {
        if (thread == null || !thread.isAlive()) {
            throw new HttpError(409, "no training run is in progress");
        }
        stopRequested = true;
    }

    /** Waits for the current run, if any, to end: for tests and shutdown. */
    void awaitEnd() throws InterruptedException {
        Thread current = thread;
        if (current != null) {
            current.join();
        }
    }

    private void train(TrainingPlan plan) {
        Path runDir = plan.run();
        try (plan) {
            plan.description().forEach(line -> events.publish("log", Map.of("line", line)));
            TrainingOutcome outcome = plan.train(new SimpleMeterRegistry(),
                    List.of(listener(plan.model(), plan.tokenizer())), () -> stopRequested);
            state = outcome.stoppedEarly() ? "stopped" : "finished";
            events.publish("status", Map.of("state", state, "run", runDir.toString()));
        } catch (MinigptException e) {
            failed(runDir, e.getMessage());
        } catch (Exception | LinkageError e) {
            failed(runDir, "internal error: " + e);
        }
    }

    private void failed(Path runDir, String message) {
        state = "failed";
        events.publish("status", Map.of("state", state, "run", runDir.toString(), "message", message));
    }

    private TrainingListener listener(LanguageModel model, Tokenizer tokenizer) {
        return new TrainingListener() {
            @Override
            public void logged(TrainingPoint point) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("step", point.step());
                data.put("totalSteps", point.totalSteps());
                data.put("loss", finite(point.loss()));
                data.put("valLoss", finite(point.valLoss()));
                data.put("tokensPerSecond", finite(point.tokensPerSecond()));
                data.put("elapsedSeconds", point.elapsed().toMillis() / 1000.0);
                events.publish("point", data);
                if (point.evaluated()) {
                    // On the training thread, between steps: the live weights, no copy.
                    String text = Sampling.sample(plugins, model, tokenizer, "\n", SAMPLE_TOKENS, new Sampling.Dials(0.8, 0, 1),
                            point.step());
                    events.publish("sample", Map.of("step", point.step(), "text", text));
                }
            }
        };
    }

    private Path newRunFolder() {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path folder = runsDir.resolve("studio-" + stamp);
        for (int i = 2; Files.exists(folder); i++) {
            folder = runsDir.resolve("studio-" + stamp + "-" + i);
        }
        return folder;
    }

    /** JSON has no NaN: an unmeasured value is null. */
    static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
