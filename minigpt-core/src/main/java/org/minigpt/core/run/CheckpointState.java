package org.minigpt.core.run;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.minigpt.api.MinigptException;

/**
 * Where training stood when a checkpoint was written, beside the model's weights and the optimizer's
 * state. Batches and dropout depend only on the seed and the step, so the step is all the random
 * state there is.
 *
 * @param valLoss the last evaluation's loss, NaN before the first
 * @param bestValLoss the lowest evaluation loss so far, NaN before the first
 * @param elapsed training time so far, across resumes
 */
public record CheckpointState(long step, long tokens, double valLoss, double bestValLoss, long bestStep, Duration elapsed) {
    static final String FILE = "state.properties";

    void write(Path dir) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("step", Long.toString(step));
        properties.setProperty("tokens", Long.toString(tokens));
        properties.setProperty("val_loss", Double.toString(valLoss));
        properties.setProperty("best_val_loss", Double.toString(bestValLoss));
        properties.setProperty("best_step", Long.toString(bestStep));
        properties.setProperty("elapsed_seconds", Double.toString(elapsed.toNanos() / 1e9));
        try (Writer out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            properties.store(out, "minigpt checkpoint");
        }
    }

    static CheckpointState read(Path dir) {
        Path file = dir.resolve(FILE);
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
            return new CheckpointState(
                    Long.parseLong(properties.getProperty("step")),
                    Long.parseLong(properties.getProperty("tokens")),
                    Double.parseDouble(properties.getProperty("val_loss")),
                    Double.parseDouble(properties.getProperty("best_val_loss")),
                    Long.parseLong(properties.getProperty("best_step")),
                    Duration.ofNanos(Math.round(Double.parseDouble(properties.getProperty("elapsed_seconds")) * 1e9)));
        } catch (IOException | RuntimeException e) {
            throw new MinigptException(file + " is unreadable or corrupt (" + e.getClass().getSimpleName()
                    + "); its checkpoint is skipped");
        }
    }
}
