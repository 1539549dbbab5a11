package org.minigpt.core;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.minigpt.core.internal.chat.ChatOptions;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.run.Checkpoint;
import org.minigpt.core.run.CheckpointProblem;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;

/**
 * A trained run's tokenizer and model, loaded as {@code generate} loads them: a config that does not
 * fit the installed plugins, or a damaged checkpoint, is one line that names the problem.
 */
public final class SavedRun {
    private SavedRun() {
    }

    /** A checkpoint's model, and which checkpoint it is. */
    public record Model(LanguageModel model, Checkpoint checkpoint) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** Whether a run's {@code config} is an instruction-tuned run's: it names a chat template. */
    /**
     * The sampler keys of the user's config, for text from a saved run: its model and tokenizer are its own, so
     * {@code other} is told of each other key and value that differs from the run's {@code runConfig} (and may refuse it).
     */
    public static Map<String, String> samplerKeys(Config user, Config runConfig, BiConsumer<String, String> other) {
        Map<String, String> sampler = new TreeMap<>();
        user.asMap().forEach((key, value) -> {
            if (key.equals(Plugins.SAMPLER) || key.startsWith(Plugins.SAMPLER + ".")) {
                sampler.put(key, value);
            } else if (!value.equals(runConfig.get(key).orElse(null))) {
                other.accept(key, value);
            }
        });
        return sampler;
    }

    public static boolean isInstructionTuned(Config config) {
        return config.get(ChatOptions.SECTION + "." + ChatOptions.TEMPLATE.name()).isPresent();
    }

    public static Tokenizer tokenizer(Plugins plugins, RunDirectory run) throws IOException {
        Config config = run.config();
        try {
            Tokenizer text = new Parts(plugins).tokenizer(config).load(run.path(), config.section(Plugins.TOKENIZER));
            if (SavedRun.isInstructionTuned(config)) {
                ChatOptions.from(config.section(ChatOptions.SECTION)); // a template this version knows
                return ChatTemplate.tokenizerFor(text);
            }
            return text;
        } catch (ConfigException e) {
            throw run.mismatch(e);
        }
    }

    /**
     * The model of checkpoint {@code name} ({@code best}, {@code latest} or a step). Given a chat tokenizer for a
     * run that was not instruction-tuned, the model gains rows for the chat tokens.
     *
     * @param notes told of each damaged checkpoint that was passed over
     */
    public static Model model(Plugins plugins, RunDirectory run, Tokenizer tokenizer, String name, Consumer<String> notes)
            throws IOException {
        return model(plugins, run, run.config(), tokenizer, name, notes);
    }

    /**
     * As {@link #model(Plugins, RunDirectory, Tokenizer, String, Consumer)}, with the model built from
     * {@code config}'s model section: a fine-tuned run's, which may change what leaves the weights' shapes alone.
     */
    public static Model model(Plugins plugins, RunDirectory run, Config config, Tokenizer tokenizer, String name,
            Consumer<String> notes) throws IOException {
        Checkpoints checkpoints = new Checkpoints(run.path());
        checkpoints.damaged().forEach(notes);
        Checkpoint checkpoint = checkpoints.find(name);
        PluginConfig modelSection = config.section(Plugins.MODEL);
        LanguageModel model;
        try {
            ModelFactory models = new Parts(plugins).model(config);
            model = tokenizer instanceof ChatTokenizer chat && !SavedRun.isInstructionTuned(run.config())
                    ? models.loadWithMoreTokens(checkpoint.path(), modelSection, chat.text().vocabSize(), chat.vocabSize())
                    : models.load(checkpoint.path(), modelSection, tokenizer.vocabSize());
        } catch (ConfigException e) {
            throw run.mismatch(e);
        } catch (MinigptException e) {
            throw CheckpointProblem.unloadable(e.getMessage(), checkpoints.alternativesTo(checkpoint));
        }
        try {
            // A saved tokenizer reads fewer keys than training one did, so only the model's are checked.
            KnownKeys.require(config, modelSection);
        } catch (ConfigException e) {
            model.close();
            throw run.mismatch(e);
        }
        return new Model(model, checkpoint);
    }
}
