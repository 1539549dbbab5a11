package org.minigpt.core.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.core.data.TrainingData;

/**
 * Somewhere other than this process to take a run's steps, chosen with {@code train.engine=NAME}
 * and found with {@link java.util.ServiceLoader} (minigpt-spark's {@code spark}, say). The run's
 * evaluation, checkpoints and files stay with the process that plans it.
 */
public interface TrainingEngine {
    /** The name {@code train.engine} gives. */
    String name();

    /** The config sections it reads, each with its settings, for the settings listing. */
    Map<String, List<Setting<?>>> settings();

    /**
     * Checks its settings and what it runs on, and returns a driver ready to take the run's steps; writes
     * nothing. Bad settings, or a cluster it cannot use, end in a {@link org.minigpt.api.MinigptException}.
     */
    Driver driver(Run run) throws IOException;

    /** A driver and the config sections it read (their keys count as known). */
    record Driver(StepDriver steps, List<PluginConfig> read) {
    }

    /**
     * The run an engine trains.
     *
     * @param config the run's effective config: every plugin's keys, defaults included
     * @param model the run's model, which holds the weights each round starts from and ends with
     * @param dataFile the text or prepared corpus folder the data came from
     * @param resumeFrom the checkpoint whose saved state the engine goes on from
     */
    record Run(Config config, TrainOptions options, double peakLearningRate, LanguageModel model, TrainingData data,
            Path dataFile, Optional<Path> resumeFrom) {
    }
}
