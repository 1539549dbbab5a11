package org.minigpt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.StepResult;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.Parts;
import org.minigpt.core.TrainingPlan;
import org.minigpt.core.generate.Completion;
import org.minigpt.core.run.Folders;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.train.TrainingListener;

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
        // Core's own loop runs the steps: one evaluation and one checkpoint, into a folder deleted after, both at the end.
        String total = Integer.toString(warmup + steps);
        Config timed = config.with(Map.of("train.steps", total, "train.eval_interval", total, "train.log_interval", total,
                "train.checkpoint_interval", total, "train.eval_batches", "1"));
        Parts parts = new Parts(plugins);
        Path scratch = Files.createTempDirectory("minigpt-bench");
        try {
            return bench(line, console, config, timed, parts, scratch, steps, warmup, generated, warmupTokens);
        } finally {
            Folders.deleteTree(scratch);
        }
    }

    private int bench(CommandLine line, Console console, Config config, Config timed, Parts parts, Path scratch, int steps,
            int warmup, int generated, int warmupTokens) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        int contextLength;
        TrainOptions options;
        try (TrainingPlan plan = TrainingPlan.newRun(parts, timed, scratch.resolve("run"), () -> Defaults.dataFile(line, console))) {
            options = plan.options();
            LanguageModel model = plan.model();
            contextLength = model.contextLength();
            long[] stepNanos = {0};
            TrainingListener clock = new TrainingListener() {
                @Override
                public void stepped(long step, StepResult stepResult, double learningRate, long nanos) {
                    if (step > warmup) {
                        stepNanos[0] += nanos;
                    }
                }
            };
            plan.train(new SimpleMeterRegistry(), List.of(clock), () -> false); // what train runs, into a folder deleted after
            double trainSeconds = stepNanos[0] / 1e9;
            double trainRate = steps * options.tokensPerStep(model.contextLength()) / trainSeconds;

            // As the reference does: a six-token prompt ("ROMEO:" there), then one token at a time through the loop
            // generate runs, on a sequence of its own (past the window it starts again from the window's last half).
            int[] train = plan.trainingTokens(12);
            Decoder decoder = model.decoder();
            Completion greedy = Completion.ofText(plan.tokenizer(),
                    parts.samplerChain(Config.of(Map.of(Plugins.SAMPLER, "greedy")), plan.tokenizer()));
            // Warm-up: the JIT compiles the cached path's loops over the first thousand tokens or so.
            greedy.run(decoder, Arrays.copyOfRange(train, 6, 12), warmupTokens, List.of(), new SplittableRandom(0), piece -> { }, () -> false);
            long genStart = System.nanoTime();
            greedy.run(decoder, Arrays.copyOf(train, 6), generated, List.of(), new SplittableRandom(0), piece -> { },
                    () -> false);
            double genSeconds = (System.nanoTime() - genStart) / 1e9;

            result.put("train_tokens_per_s", Math.round(trainRate));
            result.put("train_step_ms", Math.round(trainSeconds * 1000 / steps * 10) / 10.0);
            result.put("gen_tokens_per_s", Math.round(generated / genSeconds * 10) / 10.0);
            result.put("peak_heap_mb", peakHeapMegabytes());
            result.put("peak_rss_mb", peakRssMegabytes());
            result.put("estimated_peak_mb", model.trainingMemoryBytes(options.batchSize(), options.microBatches()) >> 20);
            result.put("parameters", model.parameterTotal());
        }
        result.put("steps", steps);
        result.put("warmup_tokens", warmupTokens);
        result.put("train_threads", options.threads());
        result.put("micro_batches", options.microBatches());
        result.put("op_threads", console.environment().getOrDefault("OMP_NUM_THREADS", "default"));
        result.put("config", new TreeMap<>(config.asMap()));
        String micro = options.microBatches() == 1 ? "" : " in " + options.microBatches() + " micro-batches";
        console.out().printf("training    %,d tokens/s (%s ms a step of %d x %d tokens%s on %d thread%s, %d steps after %d warm-up)%n",
                result.get("train_tokens_per_s"), result.get("train_step_ms"), options.batchSize(),
                contextLength, micro, options.threads(), options.threads() == 1 ? "" : "s", steps, warmup);
        console.out().printf("generation  %s tokens/s (%d tokens, greedy, after %d warm-up tokens)%n",
                result.get("gen_tokens_per_s"), generated, warmupTokens);
        console.out().printf("memory      peak heap %s MB, peak RSS %s MB (estimated %s MB)%n", result.get("peak_heap_mb"),
                result.get("peak_rss_mb"), result.get("estimated_peak_mb"));
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
}
