package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** {@code bin/minigpt} runs with {@code train.engine=spark}: real processes, Spark bound to loopback. */
final class SparkRuns {
    /** A small model and a short run, logged and evaluated every 10 steps. */
    static final List<String> SMALL = List.of("--set", "train.log_interval=10", "--set", "train.eval_interval=10",
            "--set", "train.checkpoint_interval=20", "--set", "train.keep_checkpoints=3", "--set", "train.eval_batches=2",
            "--set", "train.batch_size=8", "--set", "train.warmup_steps=5", "--set", "train.threads=1",
            "--set", "model.layers=1", "--set", "model.d_model=32", "--set", "model.context_length=16",
            "--set", "optimizer.lr=3e-3");

    record Finished(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private SparkRuns() {
    }

    static ProcessBuilder builder(Path dir, String name, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(TestData.projectRoot().resolve("bin/minigpt").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder;
    }

    static Finished run(Path dir, String name, List<String> args) throws Exception {
        Process process = builder(dir, name, args).start();
        return finish(dir, name, process);
    }

    static Finished finish(Path dir, String name, Process process) throws Exception {
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail(name + " did not finish in 10 minutes");
        }
        return new Finished(process.exitValue(), Files.readString(dir.resolve(name + ".out")), Files.readString(dir.resolve(name + ".err")));
    }

    /** Column {@code column} of {@code metrics.csv}'s rows (a row per logged step), in order. */
    static List<String> column(Path run, int column) throws Exception {
        return List.copyOf(byStep(run, column).values());
    }

    /** Column {@code column} of {@code metrics.csv}'s rows by their step. */
    static Map<Long, String> byStep(Path run, int column) throws Exception {
        Map<Long, String> values = new TreeMap<>();
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            values.put(Long.parseLong(cells[0]), cells[column]);
        }
        return values;
    }
}
