package org.minigpt.core;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.data.TextData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.internal.run.MetricsCsv;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.internal.train.LossPlot;
import org.minigpt.core.internal.train.MetricsRecorder;
import org.minigpt.core.train.StepDriver;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.internal.train.Training;
import org.minigpt.core.train.TrainingListener;

/**
 * A training run, new or resumed, with every check done and nothing written yet: what a command or
 * an embedding program looks at, then {@link #train}s. Closing it closes the model.
 */
public final class TrainingPlan implements AutoCloseable {
    /** The config key naming the trained run a new run starts from, as {@code RUN[@CHECKPOINT]}. */
    public static final String INIT_FROM = Origin.INIT_FROM;
    private final Path run;
    private final Setup setup;
    private final Optional<Checkpoint> resumeFrom;
    private final Optional<Origin> origin;
    private final StepDriver driver;
    private final RunLease lease;

    private TrainingPlan(RunAssembly.Assembled assembled) {
        this.run = assembled.run();
        this.setup = assembled.setup();
        this.resumeFrom = assembled.resumeFrom();
        this.origin = assembled.origin();
        this.driver = assembled.driver();
        this.lease = assembled.lease();
    }

    /**
     * A new run at {@code runPath} on the text (or prepared corpus) {@code dataFile} gives, asked for only
     * once the config has passed its checks (so a bad key never starts a download).
     *
     * @throws org.minigpt.api.MinigptException for a config, text or run folder the user can fix
     */
    public static TrainingPlan newRun(Parts parts, Config config, Path runPath, Supplier<Path> dataFile) {
        return newRun(parts, config, runPath, dataFile, note -> { });
    }

    /**
     * As {@link #newRun(Parts, Config, Path, Supplier)}; with {@code init.from=RUN[@CHECKPOINT]} in the
     * config, the run starts from that run's weights (fine-tuning: see {@link #origin()}).
     *
     * @param notes told of each damaged checkpoint of the run it starts from that was passed over
     */
    public static TrainingPlan newRun(Parts parts, Config config, Path runPath, Supplier<Path> dataFile, Consumer<String> notes) {
        try {
            RunSource source = config.get(Origin.INIT_FROM).isEmpty()
                    ? new NewRunSource(parts, config, runPath, dataFile)
                    : new FineTunedRunSource(parts, config, runPath, dataFile, notes);
            return new TrainingPlan(RunAssembly.assemble(parts, source, runPath, notes));
        } catch (IOException e) {
            throw new MinigptException("cannot read the run " + Origin.INIT_FROM + " names: " + e.getMessage());
        }
    }

    /**
     * Continues the run at {@code runPath} from its newest loadable checkpoint, with the user's
     * {@code overrides} of the keys a resumed run may change.
     *
     * @param notes told of each checkpoint passed over, and why
     */
    public static TrainingPlan resume(Parts parts, Path runPath, Config overrides, Consumer<String> notes)
            throws IOException {
        RunDirectory run = RunDirectory.open(runPath);
        return new TrainingPlan(RunAssembly.assemble(parts, new ResumedRunSource(parts, run, overrides, notes), runPath, notes));
    }

    public Path run() {
        return run;
    }

    /** The effective config: every plugin's keys, defaults included. */
    public Config config() {
        return setup.config();
    }

    public TrainOptions options() {
        return setup.options();
    }

    /** The model the run trains (loaded or fresh); the plan closes it. */
    public LanguageModel model() {
        return setup.model();
    }

    public Tokenizer tokenizer() {
        return setup.tokenizer();
    }

    /** Whether the run trains on conversations (an instruction-tuned run) rather than a text. */
    public boolean instructionTuned() {
        return SavedRun.isInstructionTuned(setup.config());
    }

    /**
     * The first {@code count} tokens of the training split, e.g. for a prompt from the text itself.
     *
     * @throws MinigptException when the run trains on conversations or its training split is shorter
     */
    public int[] trainingTokens(int count) {
        if (!(setup.data() instanceof TextData text) || text.split().train().length() < count) {
            throw new MinigptException("this run's data has no " + count + " training tokens of text to take");
        }
        return text.split().train().toArray(0, count);
    }

    public Optional<Checkpoint> resumedFrom() {
        return resumeFrom;
    }

    /** The trained run a fine-tuned run starts from; empty for a run from random weights. */
    public Optional<Origin> origin() {
        return origin;
    }

    /** What the run will do, a line each: data, tokenizer, model, optimizer, training, and where it resumes. */
    public List<String> description() {
        TrainOptions options = setup.options();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("data       %s (%s)", setup.dataFile(), setup.data().summary()));
        lines.add(String.format("tokenizer  %s, %d tokens", setup.tokenizerName(), setup.tokenizer().vocabSize()));
        lines.add(String.format("model      %s %s, %,d parameters", setup.modelName(), settings(Plugins.MODEL),
                setup.model().parameterTotal()));
        lines.add(String.format("optimizer  %s %s", setup.optimizerName(), settings(Plugins.OPTIMIZER)));
        String schedule = options.lrSchedule().equals(LearningRateSchedule.CONSTANT) ? "constant lr"
                : String.format("warmup %d, cosine to %s", options.warmupSteps(), options.minLr());
        String micro = options.microBatches() == 1 ? "" : String.format(" in %d micro-batches", options.microBatches());
        lines.add(String.format("training   %d steps of %d x %d tokens%s, %s, clip %s, seed %d -> %s", options.steps(),
                driver.windowsPerStep(options.batchSize()), setup.model().contextLength(), micro, schedule,
                options.gradClip() == 0 ? "off" : options.gradClip(), options.seed(), run));
        if (!driver.description().isEmpty()) {
            lines.add((options.reinforcement() ? "objective  " : "engine     ") + driver.description());
        }
        String data = setup.data() instanceof TextData ? "this text" : "these conversations";
        origin.ifPresent(start -> lines.add(String.format("starting   from %s (step %d): val %.4f on %s before training",
                start.run(), start.step(), start.valLoss(), data)));
        resumeFrom.ifPresent(checkpoint -> lines.add(
                String.format("resuming   from %s (step %d)", checkpoint.path(), checkpoint.state().step())));
        return lines;
    }

    /** {@code (key value, ...)} for the effective config's keys under {@code prefix.}. */
    private String settings(String prefix) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(setup.config().asMap()).forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                text.append(text.length() == 0 ? "(" : ", ").append(key.substring(prefix.length() + 1)).append(' ').append(value);
            }
        });
        return text.length() == 0 ? "" : text.append(')').toString();
    }

    /**
     * Writes the run's files and trains to {@code train.steps}: checkpoints, {@code metrics.csv} and
     * the loss plot, with the metrics also on {@code registry}. The run is locked against other writers
     * until the plan is closed.
     *
     * @param watchers told of every step and point, before the run's own files are written
     * @param stopRequested polled between steps: true saves a checkpoint and returns
     */
    public TrainingOutcome train(MeterRegistry registry, List<TrainingListener> watchers, BooleanSupplier stopRequested)
            throws IOException {
        lease.hold();
        RunDirectory directory;
        if (resumeFrom.isEmpty()) {
            directory = RunDirectory.create(run);
            setup.tokenizer().save(run);
        } else {
            directory = new RunDirectory(run);
            new MetricsCsv(run, driver.measureNames()).truncateAfter(resumeFrom.get().state().step());
        }
        directory.saveConfig(setup.config()); // a resume's changed train keys, for info and the next resume
        TrainOptions options = setup.options();
        long tokensPerStep = driver.windowsPerStep(options.batchSize()) * setup.model().contextLength();
        MetricsCsv csv = new MetricsCsv(run, driver.measureNames());
        List<TrainingListener> listeners = new ArrayList<>(watchers);
        listeners.add(new MetricsRecorder(registry, csv, tokensPerStep));
        listeners.add(new LossPlot(csv, run, "minigpt " + run.getFileName()));
        Checkpoints checkpoints = new Checkpoints(run, options.keepCheckpoints(), folder -> {
            RunDirectory.saveConfig(setup.config(), folder);
            setup.tokenizer().save(folder);
        });
        long start = System.nanoTime();
        Training.Result result = new Training(setup.model(), driver, setup.optimizer().learningRate(), options, checkpoints,
                listeners, stopRequested).run(setup.data(), resumeFrom);
        long sessionSteps = result.step() - resumeFrom.map(c -> c.state().step()).orElse(0L);
        return new TrainingOutcome(run, result.step(), options.steps(), result.stoppedEarly(), result.checkpoint(),
                result.firstLoss(), result.last(), sessionSteps, Duration.ofNanos(System.nanoTime() - start), tokensPerStep,
                setup.data().charactersPerValidationToken());
    }

    /** Stops the engine, closes the model and the data, and releases the run. */
    @Override
    public void close() {
        driver.close();
        setup.close();
        lease.close();
    }
}
