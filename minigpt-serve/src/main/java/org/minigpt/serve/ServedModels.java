package org.minigpt.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.SavedRun;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;

/** The runs a server answers for, loaded once at start, by the name requests give as {@code model}. */
final class ServedModels implements AutoCloseable {
    private final Map<String, ServedModel> byName = new LinkedHashMap<>();

    /**
     * @param runs {@code DIR} or {@code NAME=DIR} each; a run's name is its folder's unless given
     * @throws MinigptException for a run that does not load, or two runs with one name
     */
    static ServedModels load(Plugins plugins, List<String> runs) throws IOException {
        ServedModels models = new ServedModels();
        try {
            for (String spec : runs) {
                int eq = spec.indexOf('=');
                Path dir = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
                String name = eq > 0 ? spec.substring(0, eq) : dir.toAbsolutePath().normalize().getFileName().toString();
                if (models.byName.containsKey(name)) {
                    throw new MinigptException("two runs are named '" + name + "'; name them apart with --run NAME=DIR");
                }
                models.byName.put(name, load(plugins, name, dir));
            }
        } catch (IOException | RuntimeException e) {
            models.close();
            throw e;
        }
        return models;
    }

    private static ServedModel load(Plugins plugins, String name, Path dir) throws IOException {
        RunDirectory run = RunDirectory.open(dir);
        Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
        SavedRun.Model saved = SavedRun.model(plugins, run, tokenizer, Checkpoints.BEST, note -> { });
        Optional<ChatTemplate> chat = tokenizer instanceof ChatTokenizer tuned ? Optional.of(new ChatTemplate(tuned)) : Optional.empty();
        long created = Files.getLastModifiedTime(saved.checkpoint().path()).toMillis() / 1000;
        return new ServedModel(name, run.path(), saved.checkpoint().state().step(), tokenizer, saved.model(), chat, created);
    }

    /** The model a request names; with one model served, an empty name means it. */
    ServedModel get(String name) {
        if (name.isEmpty() && byName.size() == 1) {
            return byName.values().iterator().next();
        }
        ServedModel model = byName.get(name);
        if (model == null) {
            throw new ApiError(400, "invalid_request_error", "model", "model_not_found", "model '" + name + "' is not served here;"
                    + " models: " + String.join(", ", byName.keySet()));
        }
        return model;
    }

    List<ServedModel> all() {
        return new ArrayList<>(byName.values());
    }

    @Override
    public void close() {
        byName.values().forEach(model -> model.model().close());
    }
}
