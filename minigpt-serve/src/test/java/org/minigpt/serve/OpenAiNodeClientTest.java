package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client (src/test/node, installed from the npm registry into target/) against a live
 * server: completions and chat, streamed and whole, n, stop, seed and logprobs. Skipped, saying so, where node is missing.
 */
class OpenAiNodeClientTest {
    private static final Path CLIENT = Path.of("src", "test", "node");

    @Test
    void theOfficialNodeClientCompletesChatsAndStreams() throws Exception {
        Assumptions.assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "node and npm are not on this machine: the openai npm client test did not run");
        Path work = Files.createDirectories(Path.of("target", "node-client"));
        for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(CLIENT.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules/openai"))) {
            run(work, 300, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }
        try (ApiServer server = TestRuns.server(2, 8, Optional.of("node-key"))) {
            Result result = run(work, 120, "node", "client.mjs", server.uri().resolve("/v1").toString(), "node-key");
            JsonNode out = Client.JSON.readTree(result.out());
            assertEquals(out.get("completion"), out.get("completionAgain"), "a seed repeats the text");
            assertEquals(out.get("completion"), out.get("completionStreamed"), "the stream carries the same text");
            assertEquals(20, out.get("completion").asText().length());
            assertEquals("Nay, answer me", out.get("chat").asText());
            assertEquals("stop", out.get("chatFinish").asText());
            assertEquals("Nay, answer me", out.get("chatStreamed").asText());
            assertEquals(out.get("chatUsage"), out.get("chatStreamedUsage"));
            assertEquals("[0,1]", out.get("choices").toString());
            assertTrue(!out.get("stopped").asText().contains("\n"), out.toString());
            assertEquals(14, out.get("logprobs").size());
            assertEquals("[\"N\",2]", out.get("logprobs").get(0).toString());
            assertTrue(out.get("baseChat").asText().startsWith("400 model 'base' is not instruction-tuned"), out.toString());
        }
    }

    private record Result(String out, String error) {
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Result run(Path dir, int seconds, String... command) throws Exception {
        Path out = Files.createTempFile("node-out", ".txt");
        Path err = Files.createTempFile("node-err", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s");
        }
        Result result = new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + result);
        return result;
    }
}
