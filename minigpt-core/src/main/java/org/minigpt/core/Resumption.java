package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.chat.ChatOptions;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.run.RunLock;
import org.minigpt.core.train.TrainOptions;

/** Planning a resumed run: its own config, text and tokenizer, and the newest checkpoint that loads whole. */
final class Resumption {
    private Resumption() {
    }

    /** Locks the run first: what it reads must not change under it. */
    static TrainingPlan plan(Parts parts, RunDirectory run, Config user, Consumer<String> notes) throws IOException {
        RunLock lock = RunLock.acquire(run.path());
        try {
            return plan(parts, run, user, notes, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static TrainingPlan plan(Parts parts, RunDirectory run, Config user, Consumer<String> notes, RunLock lock)
            throws IOException {
        Config runConfig = run.config();
        Config config = runConfig.with(resumableOverrides(user, runConfig));
        TrainOptions options = TrainOptions.from(config.section("train"));
        String tokenizerName = parts.tokenizer(runConfig).name();
        ModelFactory models = parts.model(runConfig);
        OptimizerFactory optimizers = parts.optimizer(runConfig);
        Optimizer optimizer = optimizers.create(config.section(Plugins.OPTIMIZER));
        options.schedule(optimizer.learningRate());

        Checkpoints checkpoints = new Checkpoints(run.path());
        List<Checkpoint> candidates = checkpoints.newestFirst();
        if (candidates.isEmpty()) {
            throw new MinigptException(run.path() + " has no checkpoint to resume from (it stopped before its first);"
                    + " start it again with: minigpt train --run DIR");
        }
        if (candidates.get(0).state().step() >= options.steps()) {
            throw new MinigptException(run.path() + " already finished its " + candidates.get(0).state().step()
                    + " steps; to train on, raise train.steps, e.g. --set train.steps=" + 2 * options.steps());
        }
        Path dataFile = Path.of(runConfig.get(RunDirectory.DATA_FILE).orElseThrow(() ->
                new MinigptException(run.path() + "/" + RunDirectory.CONFIG_FILE + " has no " + RunDirectory.DATA_FILE)));
        String expected = runConfig.get(RunDirectory.DATA_SHA256).orElse("");
        if (!expected.isEmpty() && !expected.equals(RunData.checksum(dataFile))) {
            throw new MinigptException(dataFile + " changed since the run started (its " + (PreparedCorpus.isFolder(dataFile)
                    ? Manifest.FILE_NAME + "'s " : "") + "sha256 differs from " + RunDirectory.DATA_SHA256 + " in "
                    + RunDirectory.CONFIG_FILE + "); a resumed run trains on the data it began on: restore it to resume");
        }
        Tokenizer tokenizer = SavedRun.tokenizer(parts.plugins(), run);

        checkpoints.damaged().forEach(notes);
        for (Checkpoint checkpoint : candidates) {
            LanguageModel model;
            try {
                model = models.load(checkpoint.path(), runConfig.section(Plugins.MODEL), tokenizer.vocabSize());
            } catch (ConfigException e) {
                throw run.mismatch(e);
            } catch (MinigptException e) {
                notes.accept(e.getMessage() + "; trying an older checkpoint");
                continue;
            }
            try {
                model.requireTrainingFits(options.batchSize()); // the machine may differ from the one the run began on
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            try {
                ModelTrainer trainer = model.trainer(optimizer, options.seed(), options.threads());
                trainer.loadState(checkpoint.path());
                TrainingData data = RunData.read(dataFile, tokenizer, config.section(ChatOptions.SECTION), options,
                        model.contextLength());
                Setup setup = new Setup(config, options, optimizer, tokenizer, model, dataFile, data, tokenizerName,
                        models.name(), optimizers.name());
                return new TrainingPlan(run.path(), setup, Optional.of(checkpoint), Optional.empty(), trainer, lock);
            } catch (ConfigException e) {
                model.close();
                throw e;
            } catch (MinigptException e) {
                model.close();
                notes.accept(e.getMessage() + "; trying an older checkpoint");
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
        throw new MinigptException("no checkpoint of " + run.path() + " could be loaded; train the run again");
    }

    /** A resumed run keeps what it has learnt from: only the {@link TrainOptions#RESUMABLE} keys may change. */
    private static Map<String, String> resumableOverrides(Config user, Config runConfig) {
        Map<String, String> overrides = new TreeMap<>();
        user.asMap().forEach((key, value) -> {
            if (value.equals(runConfig.get(key).orElse(null))) {
                return;
            }
            if (runConfig.get(key).isEmpty()) {
                // The run's config holds every key its plugins read, defaults included: anything else is unknown.
                runConfig.with(key, value).requireKnown(runConfig.asMap().keySet(), known -> false);
            }
            if (!key.startsWith("train.") || !TrainOptions.RESUMABLE.contains(key.substring("train.".length()))) {
                throw new ConfigException("a resumed run cannot change " + key + " (it is " + runConfig.get(key).orElse("unset")
                        + "); it may change train." + String.join(", train.", TrainOptions.RESUMABLE.stream().sorted().toList()));
            }
            overrides.put(key, value);
        });
        return overrides;
    }
}
