package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.internal.train.Engines;
import org.minigpt.core.internal.rl.Reinforcement;
import org.minigpt.core.internal.rl.RlOptions;
import org.minigpt.core.internal.train.LocalSteps;
import org.minigpt.core.train.StepDriver;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.train.TrainingEngine;

/**
 * Every way a run starts, assembled by one piece of code: options, optimizer and the schedule's check;
 * the data, asked for once those pass; the source's tokenizer and model; the memory check; the trainer
 * with any saved state; the split; the unknown-key check; the config the run saves; the lock. What it
 * returns is complete: nothing waits for {@code train()}.
 */
final class RunAssembly {
    /** A run's parts, assembled and checked; {@code lease} is the run's claim on its folder. */
    record Assembled(Path run, Setup setup, Optional<Checkpoint> resumeFrom, Optional<Origin> origin, StepDriver driver,
            RunLease lease) {
    }

    private RunAssembly() {
    }

    static Assembled assemble(Parts parts, RunSource source, Path run, Consumer<String> notes) throws IOException {
        try {
            return assembleParts(parts, source, run, notes);
        } catch (IOException | RuntimeException e) {
            source.lease().close();
            throw e;
        }
    }

    private static Assembled assembleParts(Parts parts, RunSource source, Path run, Consumer<String> notes)
            throws IOException {
        Config config = source.config();
        PluginConfig trainSection = config.section("train");
        TrainOptions options = TrainOptions.from(trainSection);
        OptimizerFactory optimizers = parts.optimizer(config);
        PluginConfig optimizerSection = config.section(Plugins.OPTIMIZER);
        Optimizer optimizer = optimizers.create(optimizerSection);
        options.schedule(optimizer.learningRate());
        source.beforeData(options);
        Path dataFile = source.dataFile();
        RunSource.Tokens tokens = source.tokens(config, dataFile, options);
        for (RunSource.Start start : source.starts(tokens, options)) {
            LanguageModel model;
            try {
                model = start.loader().load();
            } catch (RunSource.Unloadable e) {
                notes.accept(e.getMessage() + "; trying an older checkpoint");
                continue;
            }
            TrainingData data = null;
            StepDriver driver = null;
            try {
                // The machine may differ from the one a saved run began on; a policy-gradient step trains on its answers.
                model.requireTrainingFits(options.reinforcement()
                        ? RlOptions.from(config.section(RlOptions.SECTION)).answersPerStep() : options.batchSize(),
                        options.microBatches());
                ModelTrainer trainer = null;
                if (options.engine().equals(TrainOptions.LOCAL_ENGINE)) {
                    trainer = model.trainer(optimizer, options.seed(), options.threads(), options.microBatches(), options.profile());
                    if (start.resumes().isPresent() && !loadState(trainer, start.resumes().get(), notes)) {
                        model.close();
                        continue;
                    }
                }
                data = tokens.data().apply(model.contextLength());
                List<PluginConfig> read = new ArrayList<>(List.of(trainSection, optimizerSection));
                read.addAll(tokens.read());
                TrainingEngine.Driver steps;
                if (options.reinforcement()) {
                    steps = Reinforcement.driver(parts, tokens.config(), options, options.schedule(optimizer.learningRate()),
                            trainer, model, tokens.tokenizer(), dataFile);
                } else if (trainer != null) {
                    steps = new TrainingEngine.Driver(new LocalSteps(trainer, data, options.schedule(optimizer.learningRate()),
                            options.maxGradientNorm()), List.of());
                } else {
                    steps = Engines.find(options.engine()).driver(new TrainingEngine.Run(config, options, optimizer.learningRate(),
                            model, data, dataFile, start.resumes().map(Checkpoint::path)));
                }
                driver = steps.steps();
                read.addAll(steps.read());
                RunSource.Result result = source.finish(tokens, read, dataFile, model, data, options,
                        driver.windowsPerStep(options.batchSize()));
                Setup setup = new Setup(result.effective(), options, optimizer, tokens.tokenizer(), model, dataFile, data,
                        parts.tokenizer(tokens.config()).name(), parts.model(tokens.config()).name(), optimizers.name());
                return new Assembled(run, setup, start.resumes(), result.origin(), driver, source.lease());
            } catch (IOException | RuntimeException e) {
                if (driver != null) {
                    driver.close();
                }
                model.close();
                if (data != null) {
                    data.close();
                }
                throw e;
            }
        }
        throw new MinigptException("no checkpoint of " + run + " could be loaded; train the run again");
    }

    /** Loads a resumed run's optimizer state; false (with a note) when this checkpoint's is damaged. */
    private static boolean loadState(ModelTrainer trainer, Checkpoint checkpoint, Consumer<String> notes) throws IOException {
        try {
            trainer.loadState(checkpoint.path());
            return true;
        } catch (ConfigException e) {
            throw e;
        } catch (MinigptException e) {
            notes.accept(e.getMessage() + "; trying an older checkpoint");
            return false;
        }
    }

    /**
     * The configuration a run saves: {@code config} with the plugins' names, the data's file and checksum,
     * and every value the {@code read} sections read, defaults included.
     */
    static Config effective(Config config, Map<String, String> names, Path dataFile, List<PluginConfig> read) {
        Map<String, String> effective = new TreeMap<>(config.asMap());
        effective.putAll(names);
        effective.put(RunDirectory.DATA_FILE, dataFile.toAbsolutePath().normalize().toString());
        effective.put(RunDirectory.DATA_SHA256, RunData.checksum(dataFile));
        for (PluginConfig section : read) {
            effective.putAll(section.resolved());
        }
        return Config.of(effective);
    }
}
