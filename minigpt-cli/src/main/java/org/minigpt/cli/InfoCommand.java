package org.minigpt.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.minigpt.core.ModelSize;
import org.minigpt.core.Parts;
import org.minigpt.core.SavedRun;
import org.minigpt.core.TrainingPlan;
import org.minigpt.core.train.TrainOptions;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.CheckpointState;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.cli.monitor.Clock;

/** {@code minigpt info DIR}: what a run is, how far it got, and where its files are. */
final class InfoCommand implements Command {
    private final Plugins plugins;

    InfoCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "show a run's config, parameters, progress, best val loss and files";
    }

    @Override
    public String operands() {
        return "DIR";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.run("the run directory (or give it as the argument)"));
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        String dir = line.getArgList().isEmpty() ? line.getOptionValue(CliOptions.RUN) : line.getArgList().get(0);
        if (dir == null) {
            throw new MinigptException("info needs a run directory: minigpt info DIR");
        }
        RunDirectory run = RunDirectory.open(Path.of(dir));
        Config config = run.config();
        PrintStream out = console.out();
        out.printf("run          %s%n", run.path().toAbsolutePath().normalize());
        boolean rewards = TrainOptions.REINFORCEMENT.equals(
                config.get(TrainOptions.SECTION + "." + TrainOptions.OBJECTIVE_KEY).orElse(""));
        config.get(TrainingPlan.INIT_FROM).ifPresent(origin -> out.printf("origin       %s from %s%n", rewards
                ? "learnt from rewards (train.objective=rl)" : SavedRun.isInstructionTuned(config) ? "instruction-tuned" : "fine-tuned",
                origin));
        config.get(RunDirectory.DATA_FILE).map(Path::of).filter(PreparedCorpus::isFolder).ifPresent(corpus -> {
            try {
                out.printf("data         %s (%s)%n", corpus, PreparedCorpus.describe(corpus));
            } catch (MinigptException e) {
                out.printf("data         %s (%s)%n", corpus, e.getMessage());
            }
        });
        out.println("config       " + RunDirectory.CONFIG_FILE + ":");
        new TreeMap<>(config.asMap()).forEach((key, value) -> out.printf("  %-28s %s%n", key, value));

        Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
        try {
            ModelFactory models = new Parts(plugins).model(config);
            try (LanguageModel model = models.create(config.section(Plugins.MODEL), tokenizer.vocabSize(), 0)) {
                out.printf("parameters   %s, %d-token vocabulary, context %d:%n", models.name(), tokenizer.vocabSize(),
                        model.contextLength());
                ModelSize.of(models.name(), model).table().forEach(out::println);
            }
        } catch (ConfigException e) {
            throw run.mismatch(e);
        }

        Checkpoints checkpoints = new Checkpoints(run.path());
        Optional<Checkpoint> latest = checkpoints.latest();
        String steps = config.get("train.steps").orElse("?");
        if (latest.isEmpty()) {
            out.printf("progress     no checkpoint yet (0 of %s steps)%n", steps);
        } else {
            CheckpointState state = latest.get().state();
            out.printf("progress     %d of %s steps, %,d tokens, %s of training%s%n", state.step(), steps, state.tokens(),
                    Clock.format(state.elapsed()), Long.toString(state.step()).equals(steps) ? " (finished)"
                            : "; continue with: minigpt train --resume " + run.path());
            if (!Double.isNaN(state.bestValLoss())) {
                out.printf("val loss     %.4f at step %d; best %.4f at step %d%n", state.valLoss(), state.step(),
                        state.bestValLoss(), state.bestStep());
            }
        }
        out.printf("checkpoints  latest %s, best %s (generate uses the best; --checkpoint latest|STEP picks another)%n",
                latest.map(Checkpoint::name).orElse("none"), checkpoints.best().map(Checkpoint::name).orElse("none"));
        checkpoints.damaged().forEach(problem -> out.println("damaged      " + problem));
        out.println("files");
        for (Map.Entry<String, String> file : files(run.path()).entrySet()) {
            out.printf("  %-28s %s%n", file.getKey(), file.getValue());
        }
        return 0;
    }

    /** Each file and folder at the top of the run, with its size. */
    private static Map<String, String> files(Path runDir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(runDir)) {
            for (Path entry : entries.filter(path -> !path.getFileName().toString().startsWith(".")).toList()) {
                String name = entry.getFileName().toString() + (Files.isDirectory(entry) ? "/" : "");
                files.put(name, String.format("%,d bytes", size(entry)));
            }
        }
        return files;
    }

    private static long size(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            long total = 0;
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        }
    }
}
