package org.minigpt.studio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.SavedRun;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.http.HttpError;

/**
 * The model the page generates from: the best checkpoint of the run trained last, else of
 * {@code --run}; loaded once per checkpoint and shared by the page's requests.
 */
final class StudioModel {
    private final Plugins plugins;
    private final Supplier<Optional<Path>> runs;
    private Loaded loaded;

    /** A loaded checkpoint; each request decodes with a {@link #decoder} of its own over the shared weights. */
    record Loaded(Path checkpoint, long step, Tokenizer tokenizer, LanguageModel model, String run) {
        Decoder decoder() {
            return model.decoder();
        }
    }

    /** @param runs the run to generate from, in order of preference; empty when there is none yet */
    StudioModel(Plugins plugins, Supplier<Optional<Path>> runs) {
        this.plugins = plugins;
        this.runs = runs;
    }

    Plugins plugins() {
        return plugins;
    }

    /** The newest best checkpoint's model; a 409 when there is none yet. */
    synchronized Loaded current() throws IOException {
        Path runDir = runs.get().orElseThrow(() -> new HttpError(409,
                "no model yet: train one in the studio, or start it with --run DIR"));
        RunDirectory run = RunDirectory.open(runDir);
        Checkpoints checkpoints = new Checkpoints(runDir);
        var checkpoint = checkpoints.best().or(checkpoints::latest)
                .orElseThrow(() -> new HttpError(409, "the run " + runDir + " has no checkpoint yet; wait for its first"));
        if (loaded != null && loaded.checkpoint().equals(checkpoint.path()) && loaded.step() == checkpoint.state().step()) {
            return loaded;
        }
        Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
        SavedRun.Model saved = SavedRun.model(plugins, run, tokenizer, Long.toString(checkpoint.state().step()), note -> { });
        loaded = new Loaded(checkpoint.path(), checkpoint.state().step(), tokenizer, saved.model(),
                runDir.toString());
        return loaded;
    }
}
