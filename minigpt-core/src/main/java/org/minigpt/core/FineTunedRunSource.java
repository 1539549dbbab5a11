package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.internal.chat.ChatFile;
import org.minigpt.core.internal.chat.ChatOptions;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.internal.train.Evaluation;
import org.minigpt.core.train.TrainOptions;

/**
 * A new run from a trained run's weights ({@code init.from=RUN[@CHECKPOINT]}): that run's tokenizer (with the
 * chat template's tokens for chat data) and model (model keys that leave the weights' shapes alone may
 * change), a fresh optimizer and schedule from the config, and new data.
 */
final class FineTunedRunSource implements RunSource {
    private static final Pattern CHECKPOINT_NAME = Pattern.compile(Checkpoints.BEST + "|" + Checkpoints.LATEST + "|\\d+");
    private final Parts parts;
    private final Config user;
    private final Path run;
    private final Supplier<Path> data;
    private final Consumer<String> notes;
    private final RunDirectory origin;
    private final String checkpointName;
    private Checkpoint start;
    private final RunLease lease;

    FineTunedRunSource(Parts parts, Config user, Path run, Supplier<Path> data, Consumer<String> notes) {
        this.parts = parts;
        this.user = user;
        this.run = run;
        this.data = data;
        this.notes = notes;
        String from = user.get(Origin.INIT_FROM).orElseThrow();
        Path originPath = Path.of(from);
        String name = Checkpoints.BEST;
        int at = from.lastIndexOf('@');
        if (at > 0 && !Files.isDirectory(originPath) && CHECKPOINT_NAME.matcher(from.substring(at + 1)).matches()) {
            originPath = Path.of(from.substring(0, at));
            name = from.substring(at + 1);
        }
        this.origin = RunDirectory.open(originPath);
        this.checkpointName = name;
        this.lease = RunLease.whenWriting(run);
    }

    @Override
    public Config config() {
        return user.with(ConfigOverrides.fineTunable(user, origin.config(), origin.path()));
    }

    @Override
    public void beforeData(TrainOptions options) {
        RunDirectory.requireNew(run);
    }

    @Override
    public Path dataFile() {
        return data.get();
    }

    @Override
    public Tokens tokens(Config config, Path dataFile, TrainOptions options) throws IOException {
        boolean chat = ChatFile.isChatData(dataFile);
        Tokenizer saved = SavedRun.tokenizer(parts.plugins(), origin);
        Tokenizer tokenizer = chat && !(saved instanceof ChatTokenizer)
                ? ChatTemplate.tokenizerFor(saved) // the model gains rows for the template's tokens
                : saved;
        PluginConfig chatSection = config.section(ChatOptions.SECTION);
        return new Tokens(config, tokenizer, chat ? List.of(chatSection) : List.of(),
                contextLength -> read(dataFile, tokenizer, chatSection, options, contextLength));
    }

    @Override
    public List<Start> starts(Tokens tokens, TrainOptions options) {
        return List.of(Start.fresh(() -> {
            SavedRun.Model model = startingModel(tokens.config(), tokens.tokenizer());
            start = model.checkpoint();
            return model.model();
        }));
    }

    @Override
    public Result finish(Tokens tokens, List<PluginConfig> read, Path dataFile, LanguageModel model, TrainingData data,
            TrainOptions options, long stepRows) {
        KnownKeys.require(tokens.config(), read.toArray(PluginConfig[]::new));
        Origin where = new Origin(origin.path().toAbsolutePath().normalize(), start.state().step(),
                Evaluation.of(data, options, stepRows).loss(model));
        // The tokenizer's and model's names and keys are the origin's, already in the config.
        Config effective = RunAssembly.effective(tokens.config().with(Origin.INIT_FROM, where.key()),
                Map.of(Plugins.OPTIMIZER, parts.optimizer(tokens.config()).name()), dataFile, read);
        return new Result(effective, Optional.of(where));
    }

    /** The origin's weights in the model {@code merged} describes; a user's model key that changes their shapes is named. */
    private SavedRun.Model startingModel(Config merged, Tokenizer tokenizer) throws IOException {
        try {
            return SavedRun.model(parts.plugins(), origin, merged, tokenizer, checkpointName, notes);
        } catch (MinigptException e) {
            Map<String, String> changed = new TreeMap<>(merged.asMap());
            changed.entrySet().removeIf(entry -> !entry.getKey().startsWith(Plugins.MODEL + ".")
                    || entry.getValue().equals(origin.config().get(entry.getKey()).orElse(null)));
            if (changed.isEmpty()) {
                throw e;
            }
            SavedRun.model(parts.plugins(), origin, tokenizer, checkpointName, note -> { }).close(); // the origin itself loads
            String keys = changed.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(Collectors.joining(", "));
            throw new ConfigException(keys + " would change the shapes of " + origin.path()
                    + "'s weights; a fine-tuned run may change only the model keys that keep them, such as model.dropout");
        }
    }

    /** The run's data; a symbol the origin's tokenizer cannot write is one line naming it and the tokenizers that could. */
    private TrainingData read(Path dataFile, Tokenizer tokenizer, PluginConfig chatSection, TrainOptions options, int contextLength) {
        try {
            return RunData.read(dataFile, tokenizer, chatSection, options, contextLength);
        } catch (RunData.UnencodableText e) {
            List<String> any = parts.plugins().tokenizers().all().stream().filter(TokenizerFactory::encodesAnyText)
                    .map(TokenizerFactory::name).sorted().toList();
            throw new MinigptException(dataFile + " cannot be fine-tuned from " + origin.path() + ": " + e.getMessage()
                    + (any.isEmpty() ? "" : "; a run trained with tokenizer=" + String.join(" or tokenizer=", any) + " takes any text"));
        }
    }

    @Override
    public RunLease lease() {
        return lease;
    }
}
