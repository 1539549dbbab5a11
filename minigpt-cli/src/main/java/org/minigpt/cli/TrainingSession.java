package org.minigpt.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.cli.data.TokenSplit;
import org.minigpt.cli.monitor.LossPlot;
import org.minigpt.cli.monitor.MetricsCsv;
import org.minigpt.cli.monitor.MetricsRecorder;
import org.minigpt.cli.monitor.MetricsServer;
import org.minigpt.cli.monitor.ProgressBarDisplay;
import org.minigpt.cli.monitor.ProgressLines;
import org.minigpt.cli.monitor.Terminal;
import org.minigpt.cli.run.Checkpoint;
import org.minigpt.cli.run.Checkpoints;
import org.minigpt.cli.run.RunDirectory;
import org.minigpt.cli.train.StopSignal;
import org.minigpt.cli.train.TrainOptions;
import org.minigpt.cli.train.Training;
import org.minigpt.cli.train.TrainingListener;

/**
 * One sitting of {@code train}, new or resumed: the progress display, metrics, plot and optional
 * Prometheus endpoint around the training loop, Ctrl-C handling, and the closing summary.
 */
final class TrainingSession {
    private final RunDirectory run;
    private final Config effectiveConfig;
    private final TrainOptions options;
    private final Optimizer optimizer;
    private final Console console;
    private final SessionHooks hooks;

    TrainingSession(RunDirectory run, Config effectiveConfig, TrainOptions options, Optimizer optimizer, Console console,
            SessionHooks hooks) {
        this.run = run;
        this.effectiveConfig = effectiveConfig;
        this.options = options;
        this.optimizer = optimizer;
        this.console = console;
        this.hooks = hooks;
    }

    /** Trains {@code model} from scratch or from {@code resumeFrom}; returns the exit code. */
    int run(LanguageModel model, Tokenizer tokenizer, TokenSplit split, Optional<Checkpoint> resumeFrom) throws IOException {
        Path runPath = run.path();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricsCsv csv = new MetricsCsv(runPath);
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(Terminal.isInteractive() ? new ProgressBarDisplay(console.out()) : new ProgressLines(console.out()));
        listeners.add(new MetricsRecorder(registry, csv, options.tokensPerStep(model.contextLength())));
        listeners.add(new LossPlot(csv, runPath, "minigpt " + runPath.getFileName()));
        listeners.addAll(hooks.watchers().apply(model, tokenizer));

        MetricsServer server = null;
        if (hooks.metricsPort() != null) {
            server = new MetricsServer(registry, hooks.metricsPort());
            console.out().printf("metrics    http://127.0.0.1:%d/metrics%n", server.port());
        }
        Training.Result result;
        long start = System.nanoTime();
        try (StopSignal signal = hooks.handleSignals() ? StopSignal.install(() -> console.err().println(
                "\nminigpt: stopping after this step and saving a checkpoint (signal again to quit without saving)"))
                : StopSignal.none()) {
            BooleanSupplier stop = () -> signal.getAsBoolean() || hooks.stopRequested().getAsBoolean();
            Checkpoints checkpoints = new Checkpoints(runPath, options.keepCheckpoints(), folder -> {
                RunDirectory.saveConfig(effectiveConfig, folder);
                tokenizer.save(folder);
            });
            result = new Training(model, optimizer, options, checkpoints, listeners, stop)
                    .run(split, resumeFrom);
            if (result.stoppedEarly()) {
                console.err().printf("minigpt: stopped at step %d of %d; %s saved; continue with: minigpt train --resume %s%n",
                        result.step(), options.steps(), result.checkpoint() == null ? "nothing" : result.checkpoint().path(),
                        runPath);
                return signal.getAsBoolean() ? signal.exitCode() : Main.OK; // else stopped by its embedding program
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
        long sessionSteps = result.step() - resumeFrom.map(c -> c.state().step()).orElse(0L);
        Duration session = Duration.ofNanos(System.nanoTime() - start);
        console.out().printf("trained    %d steps in %s (%s this session, %,.0f tok/s); loss %.4f -> %.4f%n", result.step(),
                Training.clock(result.last().elapsed()), Training.clock(session),
                sessionSteps * options.tokensPerStep(model.contextLength()) / (session.toNanos() / 1e9), result.firstLoss(),
                result.last().loss());
        if (result.last().evaluated()) {
            // Bits per character compare tokenizers fairly: a token of a BPE holds several characters.
            double charactersPerToken = tokenizer.decode(split.validation()).length() / (double) split.validation().length;
            double bitsPerToken = result.last().valLoss() / Math.log(2);
            console.out().printf("val loss   %.4f nats/token (%.3f bits/token, %.3f bits/character) over %d held-out batches;"
                            + " best %.4f%n", result.last().valLoss(), bitsPerToken, bitsPerToken / charactersPerToken,
                    options.evalBatches(), result.last().bestValLoss());
        }
        console.out().printf("saved      %s  (%s, %s, %s)%n", runPath, Checkpoints.DIR, MetricsCsv.FILE, LossPlot.FILE);
        console.out().printf("generate   bin/minigpt generate --run %s --prompt \"ROMEO:\"%n", runPath);
        return Main.OK;
    }
}
