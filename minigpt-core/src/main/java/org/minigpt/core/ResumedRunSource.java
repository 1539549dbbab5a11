package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.internal.chat.ChatOptions;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.internal.run.RunLock;
import org.minigpt.core.run.RunProblem;
import org.minigpt.core.train.TrainOptions;

/**
 * A run continued from its newest checkpoint that loads whole: its own config (only the resumable keys
 * may change), data, tokenizer, weights and optimizer state. It is locked before anything is read.
 */
final class ResumedRunSource implements RunSource {
    private final Parts parts;
    private final RunDirectory run;
    private final Config user;
    private final RunLease lease;
    private final Checkpoints checkpoints;
    private final Consumer<String> notes;
    private List<Checkpoint> candidates;

    /** @param notes told of each checkpoint passed over, and why */
    ResumedRunSource(Parts parts, RunDirectory run, Config user, Consumer<String> notes) {
        this.parts = parts;
        this.run = run;
        this.user = user;
        this.notes = notes;
        this.lease = RunLease.held(RunLock.acquire(run.path()));
        this.checkpoints = new Checkpoints(run.path());
    }

    @Override
    public Config config() {
        Config runConfig = run.config();
        return runConfig.with(ConfigOverrides.resumable(user, runConfig));
    }

    @Override
    public void beforeData(TrainOptions options) {
        candidates = checkpoints.newestFirst();
        if (candidates.isEmpty()) {
            throw RunProblem.nothingToResume(run.path());
        }
        if (candidates.get(0).state().step() >= options.steps()) {
            throw RunProblem.finished(run.path(), candidates.get(0).state().step(), 2L * options.steps());
        }
    }

    @Override
    public Path dataFile() {
        Config runConfig = run.config();
        Path dataFile = Path.of(runConfig.get(RunDirectory.DATA_FILE).orElseThrow(() ->
                new MinigptException(run.path() + "/" + RunDirectory.CONFIG_FILE + " has no " + RunDirectory.DATA_FILE)));
        String expected = runConfig.get(RunDirectory.DATA_SHA256).orElse("");
        if (!expected.isEmpty() && !expected.equals(RunData.checksum(dataFile))) {
            throw new MinigptException(dataFile + " changed since the run started (its " + (PreparedCorpus.isFolder(dataFile)
                    ? Manifest.FILE_NAME + "'s " : "") + "sha256 differs from " + RunDirectory.DATA_SHA256 + " in "
                    + RunDirectory.CONFIG_FILE + "); a resumed run trains on the data it began on: restore it to resume");
        }
        return dataFile;
    }

    @Override
    public Tokens tokens(Config config, Path dataFile, TrainOptions options) throws IOException {
        Tokenizer tokenizer = SavedRun.tokenizer(parts.plugins(), run);
        PluginConfig chatSection = config.section(ChatOptions.SECTION);
        return new Tokens(config, tokenizer, List.of(), contextLength -> RunData.read(dataFile, tokenizer, chatSection, options,
                contextLength));
    }

    @Override
    public List<Start> starts(Tokens tokens, TrainOptions options) {
        checkpoints.damaged().forEach(notes);
        Config runConfig = run.config();
        ModelFactory models = parts.model(runConfig);
        return candidates.stream().map(checkpoint -> new Start(() -> {
            try {
                return models.load(checkpoint.path(), runConfig.section(Plugins.MODEL), tokens.tokenizer().vocabSize());
            } catch (ConfigException e) {
                throw run.mismatch(e);
            } catch (MinigptException e) {
                throw new Unloadable(e.getMessage());
            }
        }, Optional.of(checkpoint))).toList();
    }

    @Override
    public Result finish(Tokens tokens, List<PluginConfig> read, Path dataFile, LanguageModel model, TrainingData data,
            TrainOptions options, long stepRows) {
        return new Result(tokens.config(), Optional.empty());
    }

    @Override
    public RunLease lease() {
        return lease;
    }
}
