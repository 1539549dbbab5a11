package org.minigpt.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures in docs/export.md, for one run: how far llama.cpp's greedy text follows minigpt's from five prompts,
 * and how often their next tokens agree over the first 10,000 positions of TinyShakespeare's last tenth, in f32 and
 * f16. Runs only when asked: {@code ./mvnw -pl minigpt-tests test -Dtest=ExportAgreementBench -Dminigpt.bench.run=RUN}.
 */
class ExportAgreementBench {
    private static final List<String> PROMPTS = List.of("ROMEO:", "JULIET:\n", "First Citizen:\n", "KING RICHARD III:\n", "O");

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        String run = System.getProperty("minigpt.bench.run");
        assumeTrue(run != null, "a measurement, run with -Dminigpt.bench.run=RUN");
        LlamaCpp.install();
        Path f32 = exportTo(run, "f32");
        Path f16 = exportTo(run, "f16");
        String text = Files.readString(TestData.tinyShakespeare());
        try (MinigptLogits minigpt = new MinigptLogits(Path.of(run))) {
            int window = Integer.parseInt(RunConfig.get(Path.of(run), "model.context_length", "64"));
            for (String prompt : PROMPTS) {
                int[] ids = minigpt.tokenizer().encode(prompt);
                JsonNode llama = LlamaCpp.check(f32, Map.of("window", window, "greedy",
                        List.of(Map.of("prompt", ids, "tokens", 100)))).get("greedy").get(0);
                CliRun generated = CliRun.of("generate", "--run", run, "--prompt", prompt, "--max-tokens", "100", "--set",
                        "sampler=greedy");
                int[] mine = minigpt.tokenizer().encode(generated.out().substring(0, generated.out().length() - 1));
                int same = 0;
                while (same < llama.size() && ids.length + same < mine.length && mine[ids.length + same] == llama.get(same).asInt()) {
                    same++;
                }
                System.out.printf("greedy %-22s %d of %d tokens the same%n", prompt.replace("\n", "\\n"), same, llama.size());
            }
            int[] validation = minigpt.tokenizer().encode(text.substring(text.length() * 9 / 10));
            int[] positions = Arrays.copyOf(validation, 10_000);
            JsonNode top32 = LlamaCpp.check(f32, Map.of("window", window, "top1", positions)).get("top1");
            JsonNode top16 = LlamaCpp.check(f16, Map.of("window", window, "top1", positions)).get("top1");
            int agree32 = 0;
            int agree16 = 0;
            int ties = 0;
            for (int i = 0; i < positions.length; i++) {
                int start = i / window * window;
                MinigptLogits.Next next = minigpt.after(Arrays.copyOfRange(positions, start, i + 1));
                ties += next.nearTie() ? 1 : 0;
                agree32 += next.token() == top32.get(i).asInt() ? 1 : 0;
                agree16 += next.token() == top16.get(i).asInt() ? 1 : 0;
            }
            System.out.printf("next token over %d positions: f32 %.2f%%, f16 %.2f%% the same (%d near ties)%n",
                    positions.length, 100.0 * agree32 / positions.length, 100.0 * agree16 / positions.length, ties);
        }
    }

    private Path exportTo(String run, String type) {
        Path out = dir.resolve(type + ".gguf");
        CliRun exported = CliRun.of("export", "--run", run, "--format", "gguf", "--type", type, "--out", out.toString());
        System.out.print(exported.out() + exported.err());
        return out;
    }

    /** One key of a run's config.properties. */
    private static final class RunConfig {
        static String get(Path run, String key, String fallback) throws Exception {
            java.util.Properties properties = new java.util.Properties();
            try (var in = Files.newBufferedReader(run.resolve("config.properties"))) {
                properties.load(in);
            }
            return properties.getProperty(key, fallback);
        }
    }
}
