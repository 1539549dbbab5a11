package org.minigpt.core.internal.train;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.minigpt.api.config.ConfigException;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.train.TrainingEngine;

/** The {@link TrainingEngine}s on the class path, by name. */
public final class Engines {
    private Engines() {
    }

    public static List<TrainingEngine> installed() {
        List<TrainingEngine> engines = new ArrayList<>();
        ServiceLoader.load(TrainingEngine.class, Thread.currentThread().getContextClassLoader()).forEach(engines::add);
        return engines;
    }

    /** @throws ConfigException naming the engines there are when none is called {@code name} */
    public static TrainingEngine find(String name) {
        List<String> names = new ArrayList<>(List.of(TrainOptions.LOCAL_ENGINE));
        for (TrainingEngine engine : installed()) {
            if (engine.name().equals(name)) {
                return engine;
            }
            names.add(engine.name());
        }
        throw new ConfigException("train.engine=" + name + " is not on the class path (engines here: " + String.join(", ", names)
                + "); the spark engine is minigpt-spark's, which bin/minigpt adds once built when its command line says"
                + " train.engine=spark (docs/spark.md)");
    }
}
