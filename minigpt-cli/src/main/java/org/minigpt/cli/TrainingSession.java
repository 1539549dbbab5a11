package org.minigpt.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minigpt.cli.monitor.MetricsServer;
import org.minigpt.cli.monitor.ProgressBarDisplay;
import org.minigpt.cli.monitor.ProgressLines;
import org.minigpt.cli.monitor.StopSignal;
import org.minigpt.cli.monitor.Terminal;
import org.minigpt.core.TrainingOutcome;
import org.minigpt.core.TrainingPlan;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.cli.monitor.Clock;
import org.minigpt.core.train.TrainingListener;

/**
 * One sitting of {@code train} at the terminal: the plan's description, a progress display, the
 * optional Prometheus endpoint, Ctrl-C handling, and the closing summary.
 */
final class TrainingSession {
    private final Console console;
    private final PrometheusMeterRegistry registry;
    private final MetricsServer server;

    /** @param server the Prometheus endpoint serving {@code registry}, already listening (so a taken port fails first); null for none */
    TrainingSession(Console console, PrometheusMeterRegistry registry, MetricsServer server) {
        this.console = console;
        this.registry = registry;
        this.server = server;
    }

    /** Trains {@code plan}; returns the exit code. */
    int run(TrainingPlan plan) throws IOException {
        plan.description().forEach(console.out()::println);
        TrainingListener display = Terminal.isInteractive() ? new ProgressBarDisplay(console.out())
                : new ProgressLines(console.out());
        if (server != null) {
            console.out().printf("metrics    http://127.0.0.1:%d/metrics%n", server.port());
        }
        TrainingOutcome outcome;
        try (StopSignal signal = StopSignal.install(() -> console.err().println(
                "\nminigpt: stopping after this step and saving a checkpoint (signal again to quit without saving)"))) {
            outcome = plan.train(registry, List.of(display), signal);
            if (outcome.stoppedEarly()) {
                console.err().printf("minigpt: stopped at step %d of %d; %s saved; continue with: minigpt train --resume %s%n",
                        outcome.step(), outcome.totalSteps(),
                        outcome.checkpoint() == null ? "nothing" : outcome.checkpoint().path(), outcome.run());
                return signal.exitCode();
            }
        }
        summarize(outcome, plan.options().evalBatches(), plan.instructionTuned());
        return ExitCode.OK;
    }

    private void summarize(TrainingOutcome outcome, int evalBatches, boolean instructionTuned) {
        Path run = outcome.run();
        console.out().printf("trained    %d steps in %s (%s this session, %,.0f tok/s); loss %.4f -> %.4f%n", outcome.step(),
                Clock.format(outcome.last().elapsed()), Clock.format(outcome.session()), outcome.sessionTokensPerSecond(),
                outcome.firstLoss(), outcome.last().loss());
        if (outcome.last().evaluated()) {
            console.out().printf("val loss   %.4f nats/token (%.3f bits/token, %.3f bits/character) over %d held-out batches;"
                            + " best %.4f%n", outcome.last().valLoss(), outcome.last().valLoss() / Math.log(2),
                    outcome.valBitsPerCharacter(), evalBatches, outcome.last().bestValLoss());
        }
        console.out().printf("saved      %s  (%s, %s, %s)%n", run, Checkpoints.DIR, RunDirectory.METRICS_FILE,
                RunDirectory.LOSS_PLOT_FILE);
        if (instructionTuned) {
            console.out().printf("chat       bin/minigpt chat --run %s%n", run);
        } else {
            console.out().printf("generate   bin/minigpt generate --run %s --prompt \"ROMEO:\"%n", run);
        }
    }
}
