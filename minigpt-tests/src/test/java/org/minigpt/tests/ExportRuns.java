package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Tiny runs for the export tests, trained once per test JVM through the real CLI on a TinyShakespeare slice: char,
 * byte and BPE (GPT-2's split and GPT-4's) with the tanh GELU, and a char run with the default sigmoid GELU.
 */
final class ExportRuns {
    static final int WINDOW = 32;
    private static final Path DIR = Path.of("target", "export-runs").toAbsolutePath();
    private static final Map<String, Path> RUNS = new HashMap<>();
    private static final Map<String, String[]> SETTINGS = Map.of(
            "char", new String[] {"--set", "tokenizer=char", "--set", "model.gelu=tanh"},
            "byte", new String[] {"--set", "tokenizer=byte", "--set", "model.gelu=tanh"},
            "bpe", new String[] {"--set", "tokenizer=bpe", "--set", "tokenizer.vocab_size=300", "--set", "model.gelu=tanh"},
            "bpe-gpt4", new String[] {"--set", "tokenizer=bpe", "--set", "tokenizer.vocab_size=300",
                "--set", "tokenizer.pattern=gpt4", "--set", "model.gelu=tanh"},
            "char-sigmoid", new String[] {"--set", "tokenizer=char"});

    private ExportRuns() {
    }

    /** The run {@code name}, trained on first use. */
    static synchronized Path run(String name) throws Exception {
        Path run = RUNS.get(name);
        if (run != null) {
            return run;
        }
        if (RUNS.isEmpty()) {
            org.minigpt.core.run.Folders.deleteTree(DIR);
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("train.txt"), shakespeare().substring(0, 60_000));
        }
        run = DIR.resolve(name);
        CliRun trained = CliRun.of(CliRun.concat(new String[] {"train", "--data", DIR.resolve("train.txt").toString(),
            "--run", run.toString(), "--set", "train.steps=120", "--set", "train.eval_interval=60",
            "--set", "train.eval_batches=2", "--set", "train.batch_size=16", "--set", "model.layers=2",
            "--set", "model.d_model=32", "--set", "model.heads=4", "--set", "model.context_length=" + WINDOW,
            "--set", "optimizer.lr=3e-3"}, SETTINGS.get(name)));
        assertEquals(0, trained.exitCode(), trained.toString());
        RUNS.put(name, run);
        return run;
    }

    /** {@code run}'s export in {@code format} with weights of {@code type}, written on first use. */
    static synchronized Path export(String name, String format, String type) throws Exception {
        Path out = DIR.resolve(name + "-" + type + (format.equals("gguf") ? ".gguf" : "-hf"));
        if (!Files.exists(out)) {
            CliRun exported = CliRun.of("export", "--run", run(name).toString(), "--format", format, "--type", type,
                    "--out", out.toString());
            assertEquals(0, exported.exitCode(), exported.toString());
        }
        return out;
    }

    /** TinyShakespeare past the training slice: text no run saw. */
    static String heldOutText() throws Exception {
        return shakespeare().substring(100_000, 102_000);
    }

    private static String shakespeare() throws Exception {
        return Files.readString(TestData.tinyShakespeare());
    }
}
