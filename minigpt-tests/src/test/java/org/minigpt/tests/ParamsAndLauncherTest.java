package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamsAndLauncherTest {
    @TempDir
    Path dir;

    @Test
    void paramsPrintsEachPartAndATotalEqualToTheFormula() throws Exception {
        Path text = TestData.shakespeareSlice(dir, 50_000);
        int vocab = (int) Files.readString(text).chars().distinct().count();
        CliRun result = CliRun.of("params", "--data", text.toString(), "--set", "model.layers=2", "--set", "model.d_model=64");
        assertEquals(0, result.exitCode(), result.toString());
        int d = 64;
        int context = 64;
        long total = (long) vocab * d + (long) context * d + 2 * (12L * d * d + 13L * d) + 2L * d + (long) d * vocab;
        List<String> lines = result.out().lines().toList();
        assertTrue(lines.contains(String.format("%-24s %,12d", "token embedding", (long) vocab * d)), result.out());
        assertTrue(lines.contains(String.format("%-24s %,12d", "block 1 attention", 4L * d * d + 4L * d)), result.out());
        assertTrue(lines.contains(String.format("%-24s %,12d", "block 1 mlp", 8L * d * d + 5L * d)), result.out());
        assertTrue(lines.contains(String.format("%-24s %,12d", "head", (long) d * vocab)), result.out());
        assertEquals(String.format("%-24s %,12d", "total", total), lines.get(lines.size() - 1));
    }

    @Test
    void aModelTooLargeForTheBudgetIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path text = TestData.shakespeareSlice(dir, 50_000);
        Path run = dir.resolve("too-large");
        String[] nanoGpt = {"--set", "model.layers=6", "--set", "model.heads=6", "--set", "model.d_model=384",
            "--set", "model.context_length=256", "--set", "train.batch_size=64", "--set", "tokenizer=byte"};
        for (List<String> command : List.of(List.of("train", "--run", run.toString()), List.of("bench", "--steps", "1"))) {
            List<String> args = new java.util.ArrayList<>(List.of(TestData.projectRoot().resolve("bin/minigpt").toString()));
            args.addAll(command);
            args.addAll(List.of("--data", text.toString()));
            args.addAll(List.of(nanoGpt));
            ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
            builder.environment().put("MINIGPT_JAVA_OPTS", "-Dorg.bytedeco.javacpp.maxphysicalbytes=3g");
            Process process = builder.start();
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), command + " did not finish");
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, process.exitValue(), output);
            assertTrue(output.matches("minigpt: a training step of this model needs about \\d+\\.\\d GB \\(train.batch_size 64,"
                    + " model.context_length 256\\), more than the 3.2 GB this process may use; set train.micro_batches=4"
                    + " \\(about \\d\\.\\d GB, the same step\\), lower model.context_length or train.batch_size,"
                    + " or raise the budget, e.g. MINIGPT_JAVA_OPTS=\"-Dorg.bytedeco.javacpp.maxphysicalbytes=\\d+g\"\n"),
                    output);
        }
        assertTrue(!Files.exists(run), "nothing written");
    }

    @Test
    void theLauncherScriptRunsTheBuiltCli() throws Exception {
        Path launcher = TestData.projectRoot().resolve("bin/minigpt");
        assertTrue(Files.isExecutable(launcher), launcher + " is missing or not executable");
        Process process = new ProcessBuilder(launcher.toString(), "plugins").redirectErrorStream(true).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "bin/minigpt plugins did not finish");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.lines().anyMatch(line -> line.matches("model +gpt +minigpt-samediff.*\\.jar .*")), output);
    }
}
