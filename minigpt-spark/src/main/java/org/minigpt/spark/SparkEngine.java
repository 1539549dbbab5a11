package org.minigpt.spark;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.core.Origin;
import org.minigpt.core.data.TextData;
import org.minigpt.core.train.TrainingEngine;

/** {@code train.engine=spark}: DiLoCo rounds on a Spark cluster, or on threads of this process with {@code local[N]}. */
@AutoService(TrainingEngine.class)
public final class SparkEngine implements TrainingEngine {
    public static final String NAME = "spark";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, List<Setting<?>>> settings() {
        Map<String, List<Setting<?>>> sections = new LinkedHashMap<>();
        sections.put(DilocoOptions.SECTION, DilocoOptions.SETTINGS);
        sections.put(SparkSettings.SECTION, SparkSettings.SETTINGS);
        return sections;
    }

    @Override
    public Driver driver(Run run) throws IOException {
        PluginConfig dilocoSection = run.config().section(DilocoOptions.SECTION);
        DilocoOptions options = DilocoOptions.from(dilocoSection, run.options(), run.config().get(Origin.INIT_FROM).isPresent());
        if (!(run.data() instanceof TextData text)) {
            throw new ConfigException("train.engine=spark trains on a text or a prepared corpus; instruction tuning runs in one"
                    + " process (train.engine=local)");
        }
        PluginConfig sparkSection = run.config().section(SparkSettings.SECTION);
        long resultBytes = 16L * options.workers() * run.model().parameterTotal();
        SparkConf conf = SparkSettings.conf(run.config(), sparkSection, options.workers(), resultBytes);
        String master = conf.get("spark.master");
        SparkSettings.requireReachable(master);
        if (SparkSettings.inThisProcess(master)) {
            run.model().requireTrainingFits(run.options().batchSize() * options.workers(), run.options().microBatches()); // the workers are threads here
        }
        JavaSparkContext spark = start(conf);
        DilocoSteps steps = null;
        try {
            if (!spark.isLocal()) {
                ExecutorProbe.require(spark, options.workers(), run.model().trainingMemoryBytes(run.options().batchSize(), run.options().microBatches()));
            }
            WorkerSpec spec = new WorkerSpec(UUID.randomUUID().toString(), new TreeMap<>(run.config().asMap()),
                    run.model().vocabSize(), WorkerTokens.of(text, run.dataFile()));
            steps = new DilocoSteps(spark, spec, options, run.model(), run.options().schedule(run.peakLearningRate()));
            if (run.resumeFrom().isPresent()) {
                steps.loadState(run.resumeFrom().get());
            }
            return new Driver(steps, List.of(dilocoSection, sparkSection));
        } catch (IOException | RuntimeException e) {
            if (steps != null) {
                steps.close();
            } else {
                spark.stop();
            }
            throw e;
        }
    }

    private static JavaSparkContext start(SparkConf conf) {
        try {
            return new JavaSparkContext(conf);
        } catch (Exception e) { // Spark also throws its checked SparkException from Scala, undeclared
            throw new MinigptException("cannot start Spark with spark.master=" + conf.get("spark.master") + " ("
                    + DilocoSteps.rootMessage(e) + ")");
        }
    }
}
