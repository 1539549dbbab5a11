package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.optimizer.OptimizerFactory;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.chat.ChatFile;
import org.minigpt.core.chat.ChatOptions;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.core.train.Evaluation;
import org.minigpt.core.train.TrainOptions;

/**
 * Planning a run that starts from a trained run's weights ({@code init.from=RUN[@CHECKPOINT]}): that
 * run's tokenizer and model (model keys that leave the weights' shapes alone may change), a fresh
 * optimizer and schedule from the config as for any new run, and a new text.
 */
final class FineTuning {
    static final String INIT_FROM = Origin.INIT_FROM;
    private static final Pattern CHECKPOINT_NAME = Pattern.compile(Checkpoints.BEST + "|" + Checkpoints.LATEST + "|\\d+");

    record Plan(Setup setup, Origin origin) {
    }

    private FineTuning() {
    }

    static Plan plan(Parts parts, Config config, Supplier<Path> dataSource, Consumer<String> notes) throws IOException {
        String from = config.get(INIT_FROM).orElseThrow();
        Path originPath = Path.of(from);
        String checkpointName = Checkpoints.BEST;
        int at = from.lastIndexOf('@');
        if (at > 0 && !Files.isDirectory(originPath) && CHECKPOINT_NAME.matcher(from.substring(at + 1)).matches()) {
            originPath = Path.of(from.substring(0, at));
            checkpointName = from.substring(at + 1);
        }
        RunDirectory origin = RunDirectory.open(originPath);
        Config originConfig = origin.config();
        Config merged = config.with(originParts(config, originConfig, origin.path()));

        PluginConfig trainSection = merged.section("train");
        TrainOptions options = TrainOptions.from(trainSection);
        OptimizerFactory optimizers = parts.optimizer(merged);
        PluginConfig optimizerSection = merged.section(Plugins.OPTIMIZER);
        Optimizer optimizer = optimizers.create(optimizerSection);
        options.schedule(optimizer.learningRate());
        KnownKeys.require(merged, trainSection, optimizerSection);
        Path dataFile = dataSource.get();
        boolean chat = ChatFile.isChatData(dataFile);
        Tokenizer tokenizer = SavedRun.tokenizer(parts.plugins(), origin);
        if (chat && !(tokenizer instanceof ChatTokenizer)) {
            tokenizer = ChatTemplate.tokenizerFor(tokenizer); // the model gains rows for the template's tokens
        }
        PluginConfig chatSection = merged.section(ChatOptions.SECTION);
        SavedRun.Model start = startingModel(parts, origin, merged, tokenizer, checkpointName, notes);
        try {
            if (chat) {
                KnownKeys.require(merged, trainSection, optimizerSection, chatSection);
            }
            start.model().requireTrainingFits(options.batchSize());
            TrainingData data = read(parts, dataFile, tokenizer, chatSection, options, start.model().contextLength(), origin.path());
            Origin where = new Origin(origin.path().toAbsolutePath().normalize(), start.checkpoint().state().step(),
                    Evaluation.of(data, options).loss(start.model()));
            // The tokenizer's and model's names and keys are the origin's, already in merged.
            List<PluginConfig> read = new ArrayList<>(List.of(trainSection, optimizerSection));
            if (chat) {
                read.add(chatSection);
            }
            Config effective = Setup.effective(merged.with(INIT_FROM, where.key()), Map.of(Plugins.OPTIMIZER, optimizers.name()),
                    dataFile, read.toArray(PluginConfig[]::new));
            Setup setup = new Setup(effective, options, optimizer, tokenizer, start.model(), dataFile, data,
                    parts.tokenizer(merged).name(), parts.model(merged).name(), optimizers.name());
            return new Plan(setup, where);
        } catch (RuntimeException e) {
            start.close();
            throw e;
        }
    }

    /** The origin's weights in the model {@code merged} describes; a user's model key that changes their shapes is named. */
    private static SavedRun.Model startingModel(Parts parts, RunDirectory origin, Config merged, Tokenizer tokenizer,
            String checkpointName, Consumer<String> notes) throws IOException {
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
                    .collect(java.util.stream.Collectors.joining(", "));
            throw new ConfigException(keys + " would change the shapes of "
                    + origin.path() + "'s weights; a fine-tuned run may change only the model keys that keep them, such as model.dropout");
        }
    }

    /**
     * The origin's tokenizer and model keys, under the user's model keys: a user key that would change the
     * tokenizer or the model plugin is refused, as is a model key the origin's model does not read.
     */
    private static Map<String, String> originParts(Config user, Config originConfig, Path origin) {
        Map<String, String> userModelKeys = new TreeMap<>();
        user.asMap().forEach((key, value) -> {
            if ((isTokenizerKey(key) || key.equals(Plugins.MODEL)) && !value.equals(originConfig.get(key).orElse(null))) {
                throw new ConfigException("a fine-tuned run keeps the tokenizer and model of " + origin + ", so it cannot set "
                        + key + "=" + value + " (that run has " + key + "=" + originConfig.get(key).orElse("") + "); leave it out");
            }
            if (key.startsWith(Plugins.MODEL + ".")) {
                userModelKeys.put(key, value);
            }
        });
        // The origin's config holds every key its model read, defaults included.
        Config.of(userModelKeys).requireKnown(originConfig.asMap().keySet(), key -> false);
        Map<String, String> kept = new TreeMap<>();
        originConfig.asMap().forEach((key, value) -> {
            if ((isTokenizerKey(key) || key.equals(Plugins.MODEL) || key.startsWith(Plugins.MODEL + ".")) && user.get(key).isEmpty()) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private static boolean isTokenizerKey(String key) {
        return key.equals(Plugins.TOKENIZER) || key.startsWith(Plugins.TOKENIZER + ".");
    }

    /** The run's data; a symbol the origin's tokenizer cannot write is one line naming it and the tokenizers that could. */
    private static TrainingData read(Parts parts, Path dataFile, Tokenizer tokenizer, PluginConfig chatSection,
            TrainOptions options, int contextLength, Path origin) {
        try {
            return RunData.read(dataFile, tokenizer, chatSection, options, contextLength);
        } catch (RunData.UnencodableText e) {
            List<String> any = parts.plugins().tokenizers().all().stream().filter(TokenizerFactory::encodesAnyText)
                    .map(TokenizerFactory::name).sorted().toList();
            throw new MinigptException(dataFile + " cannot be fine-tuned from " + origin + ": " + e.getMessage()
                    + (any.isEmpty() ? "" : "; a run trained with tokenizer=" + String.join(" or tokenizer=", any) + " takes any text"));
        }
    }
}
