package org.minigpt.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;

/**
 * A run's folder: {@code config.properties} (the effective config), the tokenizer's files,
 * {@code checkpoints/} (weights and optimizer state), {@code metrics.csv} and {@code loss.png}. The
 * config is written first, so a folder without it is not a run.
 */
public record RunDirectory(Path path) {
    public static final String CONFIG_FILE = "config.properties";
    /** The training curve, a row per logged step. */
    public static final String METRICS_FILE = "metrics.csv";
    /** The training curve drawn. */
    public static final String LOSS_PLOT_FILE = "loss.png";
    /** The config keys that record which text a run trains on, and its checksum. */
    public static final String DATA_FILE = "data.file";
    public static final String DATA_SHA256 = "data.sha256";

    /** Fails unless a new run can be made at {@code path}: checked before any work, so nothing is overwritten. */
    public static void requireNew(Path path) {
        if (Files.exists(path.resolve(CONFIG_FILE))) {
            throw RunProblem.holdsARun(path);
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw RunProblem.isAFile(path);
        }
        for (Path above = path.toAbsolutePath().getParent(); above != null; above = above.getParent()) {
            if (Files.exists(above)) {
                if (!Files.isDirectory(above)) {
                    throw RunProblem.underAFile(path, above);
                }
                break;
            }
        }
    }

    /** A new run at {@code path}; refuses a folder that already holds a run, so nothing is overwritten. */
    public static RunDirectory create(Path path) {
        requireNew(path);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new MinigptException("cannot create run directory " + path + ": " + e.getMessage());
        }
        return new RunDirectory(path);
    }

    /** An existing run, for {@code generate}. */
    public static RunDirectory open(Path path) {
        if (!Files.isDirectory(path)) {
            throw RunProblem.missing(path);
        }
        if (!Files.isRegularFile(path.resolve(CONFIG_FILE))) {
            throw RunProblem.notARun(path);
        }
        return new RunDirectory(path);
    }

    public Config config() {
        return Config.load(path.resolve(CONFIG_FILE));
    }

    /**
     * The run's saved config does not fit the installed plugins: written by another version of them,
     * or edited by hand.
     */
    public MinigptException mismatch(ConfigException problem) {
        return new MinigptException(path.resolve(CONFIG_FILE) + " does not fit this minigpt's plugins: " + problem.getMessage()
                + " (was the run made by another version, or the file edited?)");
    }

    public void saveConfig(Config config) throws IOException {
        saveConfig(config, path);
    }

    /** Writes {@code config} as {@code config.properties} in {@code folder}, atomically. */
    public static void saveConfig(Config config, Path folder) throws IOException {
        Path temp = folder.resolve(CONFIG_FILE + ".tmp");
        config.store(temp, "minigpt run: the effective configuration (defaults included)");
        Files.move(temp, folder.resolve(CONFIG_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
