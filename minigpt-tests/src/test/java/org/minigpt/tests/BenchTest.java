package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTest {
    @TempDir
    Path dir;

    @Test
    void benchPrintsSpeedAndMemoryAndAJsonLineForScripts() throws Exception {
        Path slice = TestData.shakespeareSlice(dir, 50_000);
        CliRun bench = CliRun.of("bench", "--data", slice.toString(), "--steps", "3", "--warmup", "1", "--tokens", "10",
                "--warmup-tokens", "20", "--set", "model.layers=1", "--set", "model.d_model=32", "--set", "train.batch_size=4",
                "--set", "train.threads=2");
        assertEquals(0, bench.exitCode(), bench.toString());
        List<String> lines = bench.out().lines().toList();
        assertTrue(lines.get(0).matches("training +[\\d,]+ tokens/s \\([\\d.]+ ms a step of 4 x 64 tokens on 2 threads, 3 steps after 1 warm-up\\)"),
                bench.out());
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertTrue(json.get("train_tokens_per_s").asLong() > 0, json.toString());
        assertTrue(json.get("gen_tokens_per_s").asDouble() > 0, json.toString());
        assertTrue(json.get("peak_heap_mb").asLong() > 0, json.toString());
        assertTrue(json.get("peak_rss_mb").asLong() > json.get("peak_heap_mb").asLong(), "RSS holds the heap and native arrays");
        assertEquals(3, json.get("steps").asInt());
        assertEquals(2, json.get("train_threads").asInt());
        assertEquals(20, json.get("warmup_tokens").asInt());
        assertTrue(lines.get(1).matches("generation +[\\d.]+ tokens/s \\(10 tokens, greedy, after 20 warm-up tokens\\)"), bench.out());
        assertEquals("32", json.get("config").get("model.d_model").asText());
    }

    @Test
    void theMemoryEstimateTheRunsArePlannedByHoldsToTheMeasuredPeak() throws Exception {
        // A shape where attention and activations, not the process, make most of the peak; its MiB by micro-batches.
        Path slice = TestData.shakespeareSlice(dir, 100_000);
        for (int microBatches : new int[] {1, 2}) {
            // A process of its own: the peak resident set is the whole process's, since it started.
            Process bench = Processes.start(dir.resolve("bench-" + microBatches + ".err"), "bench", "--data", slice.toString(),
                    "--steps", "2", "--warmup", "1", "--tokens", "5", "--warmup-tokens", "0", "--set", "model.layers=4",
                    "--set", "model.heads=4", "--set", "model.d_model=256", "--set", "model.context_length=256",
                    "--set", "train.batch_size=16", "--set", "tokenizer=byte", "--set", "train.threads=2",
                    "--set", "train.micro_batches=" + microBatches);
            List<String> lines = Processes.reader(bench).drain();
            assertTrue(bench.waitFor(1, TimeUnit.MINUTES), "bench did not exit");
            assertEquals(0, bench.exitValue(), lines + Files.readString(dir.resolve("bench-" + microBatches + ".err")));
            JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
            double measured = json.get("peak_rss_mb").asDouble();
            double estimated = json.get("estimated_peak_mb").asDouble();
            assertEquals(microBatches, json.get("micro_batches").asInt());
            // A fifth either way: the preflight refuses by this estimate, so a step that grows past it fails here first.
            assertEquals(estimated, measured, 0.2 * estimated, microBatches + " micro-batches: " + lines.get(2));
        }
    }
}
