package org.minigpt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.sampler.Logits;
import org.minigpt.core.Parts;
import org.minigpt.core.Setup;
import org.minigpt.core.data.TextData;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.TrainOptions;

/**
 * {@code minigpt bench}: times training steps (after warm-up) and generation at the configured
 * model, and prints the figures, then one JSON line for scripts.
 */
final class BenchCommand implements Command {
    private static final String STEPS = "steps";
    private static final String WARMUP = "warmup";
    private static final String TOKENS = "tokens";
    private static final String WARMUP_TOKENS = "warmup-tokens";

    private final Plugins plugins;

    BenchCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure training and generation speed and peak memory at a config";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.config(), CliOptions.set(), CliOptions.data(),
                Option.builder().longOpt(STEPS).hasArg().argName("N").desc("timed training steps (default 50)").build(),
                Option.builder().longOpt(WARMUP).hasArg().argName("N").desc("untimed steps first (default 5)").build(),
                Option.builder().longOpt(TOKENS).hasArg().argName("N").desc("generated tokens to time (default 200)").build(),
                Option.builder().longOpt(WARMUP_TOKENS).hasArg().argName("N")
                        .desc("untimed tokens first, while the JIT compiles the generation loops (default 2000)").build());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        int steps = CliOptions.intOption(line, STEPS, 50, 1);
        int warmup = CliOptions.intOption(line, WARMUP, 5, 0);
        int generated = CliOptions.intOption(line, TOKENS, 200, 1);
        int warmupTokens = CliOptions.intOption(line, WARMUP_TOKENS, 2000, 0);
        Config config = CliOptions.configFrom(line);
        Map<String, Object> result = new LinkedHashMap<>();
        int contextLength;
        TrainOptions options;
        try (Setup setup = Setup.of(new Parts(plugins), config, () -> Defaults.dataFile(line, console))) {
            options = setup.options();
            LanguageModel model = setup.model();
            contextLength = model.contextLength();
            LearningRateSchedule schedule = options.schedule(setup.optimizer().learningRate());
            int[] train = ((TextData) setup.data()).split().train();
            ModelTrainer trainer = model.trainer(setup.optimizer(), options.seed(), options.threads());
            long start = 0;
            for (int step = 0; step < warmup + steps; step++) {
                if (step == warmup) {
                    start = System.nanoTime();
                }
                trainer.step(setup.data().trainBatch(step), new TrainingStep(step, schedule.at(step), options.maxGradientNorm()));
            }
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            double trainRate = steps * options.tokensPerStep(model.contextLength()) / trainSeconds;

            // As the reference does: a six-token prompt ("ROMEO:" there), then one token at a time, each
            // call given the whole history (the model keeps to its window, and may continue a cache).
            int[] prompt = Arrays.copyOf(train, Math.min(train.length, 6));
            // Warm-up: the JIT compiles the cached path's loops over the first thousand tokens or so.
            greedy(model, Arrays.copyOfRange(train, 6, 12), warmupTokens);
            long genStart = System.nanoTime();
            greedy(model, prompt, generated);
            double genSeconds = (System.nanoTime() - genStart) / 1e9;

            result.put("train_tokens_per_s", Math.round(trainRate));
            result.put("train_step_ms", Math.round(trainSeconds * 1000 / steps * 10) / 10.0);
            result.put("gen_tokens_per_s", Math.round(generated / genSeconds * 10) / 10.0);
            result.put("peak_heap_mb", peakHeapMegabytes());
            result.put("peak_rss_mb", peakRssMegabytes());
            result.put("parameters", model.parameterTotal());
        }
        result.put("steps", steps);
        result.put("warmup_tokens", warmupTokens);
        result.put("train_threads", options.threads());
        result.put("op_threads", console.environment().getOrDefault("OMP_NUM_THREADS", "default"));
        result.put("config", new TreeMap<>(config.asMap()));
        console.out().printf("training    %,d tokens/s (%s ms a step of %d x %d tokens on %d thread%s, %d steps after %d warm-up)%n",
                result.get("train_tokens_per_s"), result.get("train_step_ms"), options.batchSize(),
                contextLength, options.threads(), options.threads() == 1 ? "" : "s", steps, warmup);
        console.out().printf("generation  %s tokens/s (%d tokens, greedy, after %d warm-up tokens)%n",
                result.get("gen_tokens_per_s"), generated, warmupTokens);
        console.out().printf("memory      peak heap %s MB, peak RSS %s MB%n", result.get("peak_heap_mb"), result.get("peak_rss_mb"));
        console.out().println(new ObjectMapper().writeValueAsString(result));
        return 0;
    }

    private static long peakHeapMegabytes() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    /** The process's peak resident set (VmHWM, Linux), or -1 where /proc is missing. */
    private static long peakRssMegabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return -1;
    }

    /** {@code count} greedy tokens after {@code prompt}. */
    private static int[] greedy(LanguageModel model, int[] prompt, int count) {
        int[] history = Arrays.copyOf(prompt, prompt.length + count);
        for (int end = prompt.length; end < history.length; end++) {
            history[end] = Logits.argmax(model.nextTokenLogits(Arrays.copyOf(history, end)));
        }
        return history;
    }
}
