package org.minigpt.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.minigpt.cli.monitor.MetricsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.Parts;
import org.minigpt.core.TrainingPlan;
import org.minigpt.core.run.RunDirectory;

/**
 * {@code minigpt train}: tokenizer, model and optimizer from config; train with evaluation,
 * checkpoints, metrics and a loss plot; or {@code --resume} a run from its latest checkpoint.
 */
final class TrainCommand implements Command {
    private final Parts parts;

    TrainCommand(Plugins plugins) {
        this.parts = new Parts(plugins);
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a model on a text and save it in a run directory; or resume a run";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(), CliOptions.data(),
                CliOptions.run("where to save the run (default: runs/<date-time>); must not hold a run already"),
                CliOptions.resume(), CliOptions.initFrom(), CliOptions.metricsPort());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        Integer metricsPort = line.hasOption(CliOptions.METRICS_PORT)
                ? CliOptions.intOption(line, CliOptions.METRICS_PORT, 0, 0) : null;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Listening before the plan: a taken port is the one line, with no plan printed above it.
        try (MetricsServer server = metricsPort == null ? null : new MetricsServer(registry, metricsPort);
                TrainingPlan plan = line.hasOption(CliOptions.RESUME) ? resume(line, console) : start(line, console)) {
            return new TrainingSession(console, registry, server).run(plan);
        }
    }

    private TrainingPlan start(CommandLine line, Console console) {
        Config config = line.hasOption(CliOptions.INIT_FROM)
                ? CliOptions.configFrom(line).with(TrainingPlan.INIT_FROM, line.getOptionValue(CliOptions.INIT_FROM))
                : CliOptions.configFrom(line);
        Path runPath = line.hasOption(CliOptions.RUN)
                ? Path.of(line.getOptionValue(CliOptions.RUN))
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Supplier<Path> dataFile = () -> line.hasOption(CliOptions.DATA) || config.get(RunDirectory.DATA_FILE).isEmpty()
                ? Defaults.dataFile(line, console)
                : Path.of(config.get(RunDirectory.DATA_FILE).get());
        return TrainingPlan.newRun(parts, config, runPath, dataFile, note -> console.err().println("note: " + note));
    }

    private TrainingPlan resume(CommandLine line, Console console) throws IOException {
        if (line.hasOption(CliOptions.INIT_FROM)) {
            throw new MinigptException("--init-from starts a new run and --resume continues one; give one of them");
        }
        if (line.hasOption(CliOptions.RUN) || line.hasOption(CliOptions.DATA)) {
            throw new MinigptException("--resume continues a run in its own directory on its own text;"
                    + " leave out --run and --data");
        }
        return TrainingPlan.resume(parts, Path.of(line.getOptionValue(CliOptions.RESUME)), CliOptions.configFrom(line),
                note -> console.err().println("note: " + note));
    }
}
