package org.minigpt.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * llama.cpp through node-llama-cpp (src/test/node, installed with {@code npm ci} from its lock into target/): runs
 * {@code llama-cpp-check.mjs} on a GGUF file. Tests that need it are skipped, saying so, where node is missing.
 */
final class LlamaCpp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SOURCE = Path.of("src", "test", "node");
    private static final Path WORK = Path.of("target", "llama-cpp");

    private LlamaCpp() {
    }

    /** Installs node-llama-cpp once; skips the calling test where node or npm is missing. */
    static void install() throws Exception {
        assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "node and npm are not on this machine: llama.cpp did not read the export");
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "package-lock.json", "llama-cpp-check.mjs")) {
            Files.copy(SOURCE.resolve(file), WORK.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/node-llama-cpp"))) {
            run(600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
    }

    /** The driver's answer to {@code request} about {@code model}. */
    static JsonNode check(Path model, Object request) throws Exception {
        Path file = Files.createTempFile("llama-cpp-request", ".json");
        Files.writeString(file, JSON.writeValueAsString(request));
        return JSON.readTree(run(300, "node", "llama-cpp-check.mjs", model.toAbsolutePath().toString(), file.toString()));
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(int seconds, String... command) throws Exception {
        Path out = Files.createTempFile("llama-cpp-out", ".txt");
        Path err = Files.createTempFile("llama-cpp-err", ".txt");
        Process process = new ProcessBuilder(command).directory(WORK.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + "\n" + output + "\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return output;
    }
}
