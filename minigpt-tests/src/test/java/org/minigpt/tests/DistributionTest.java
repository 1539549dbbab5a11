package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download: {@code minigpt-dist/target/minigpt-VERSION-PLATFORM.tar.gz} unpacked into a folder of
 * its own, away from the checkout, trains and generates; the zip holds the same files.
 */
class DistributionTest {
    @TempDir
    Path dir;

    @Test
    void theUnpackedArchiveTrainsAndGeneratesAwayFromTheCheckout() throws Exception {
        Path archive = archive(".tar.gz");
        Path unpacked = dir.resolve("somewhere else");
        Files.createDirectories(unpacked);
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        Path home;
        try (Stream<Path> entries = Files.list(unpacked)) {
            home = entries.findFirst().orElseThrow();
        }
        assertTrue(Files.isExecutable(home.resolve("bin/minigpt")), "bin/minigpt keeps its execute bit");
        assertTrue(Files.isRegularFile(home.resolve("bin/minigpt.cmd")) && Files.isDirectory(home.resolve("plugins")));
        assertTrue(Files.readString(home.resolve("bin/minigpt.cmd")).contains("\r\n"), "the Windows launcher has CRLF");

        Path slice = TestData.shakespeareSlice(dir, 50_000);
        Path run = dir.resolve("run");
        List<String> train = run(home, "train", "--data", slice.toString(), "--run", run.toString(), "--set", "train.steps=4",
                "--set", "train.batch_size=4", "--set", "model.layers=1", "--set", "model.d_model=16", "--set", "model.heads=2",
                "--set", "model.context_length=8", "--set", "train.eval_interval=2", "--set", "train.eval_batches=1");
        assertTrue(train.stream().anyMatch(line -> line.startsWith("trained    4 steps")), String.join("\n", train));
        assertTrue(Files.isDirectory(run.resolve("checkpoints/step-0000004")));
        List<String> generated = run(home, "generate", "--run", run.toString(), "--prompt", "ROMEO:", "--max-tokens", "10");
        assertTrue(String.join("\n", generated).startsWith("ROMEO:"), String.join("\n", generated));
        List<String> commands = run(home, "--help");
        assertTrue(commands.stream().anyMatch(line -> line.trim().startsWith("studio")), "the studio ships too: " + commands);
    }

    @Test
    void theZipHoldsTheSameFiles() throws Exception {
        List<String> tarNames = new ArrayList<>();
        Process list = new ProcessBuilder("tar", "-tzf", archive(".tar.gz").toString()).start();
        for (String line : new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.endsWith("/")) {
                tarNames.add(line);
            }
        }
        assertEquals(0, list.waitFor());
        List<String> zipNames = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive(".zip").toFile())) {
            zip.stream().filter(entry -> !entry.isDirectory()).forEach(entry -> zipNames.add(entry.getName()));
        }
        assertEquals(tarNames.stream().sorted().toList(), zipNames.stream().sorted().toList());
        assertTrue(zipNames.stream().anyMatch(name -> name.matches("minigpt-[^/]+/lib/minigpt-cli-.*\\.jar")), zipNames.toString());
    }

    private static Path archive(String extension) throws Exception {
        try (Stream<Path> files = Files.list(TestData.projectRoot().resolve("minigpt-dist/target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(extension)).findFirst()
                    .orElseThrow(() -> new AssertionError("no minigpt-dist/target/*" + extension + "; run ./mvnw package"));
        }
    }

    /** {@code bin/minigpt args} of the unpacked archive, run from the temporary folder; its output lines. */
    private List<String> run(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/minigpt").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, process.exitValue(), out);
        return List.of(out.split("\n"));
    }
}
