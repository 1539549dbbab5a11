package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code minigpt export --format gguf} read by llama.cpp itself (node-llama-cpp's build): for char, byte and BPE
 * runs with the tanh GELU it tokenizes as minigpt does, writes minigpt's greedy text and picks minigpt's next
 * token, and for an instruction-tuned run it renders a conversation and answers as minigpt does.
 */
@Timeout(900)
class GgufExportTest {
    private static final int WINDOW = ExportRuns.WINDOW;
    private static final String SHAKESPEARE_TEXT = "ROMEO:\nI'll go, sir -- what's this?  Nay;   'tis\n\nO! ";

    @BeforeAll
    static void installLlamaCpp() throws Exception {
        LlamaCpp.install();
    }

    private static Path export(String run, String type) throws Exception {
        return ExportRuns.export(run, "gguf", type);
    }

    private static MinigptLogits minigpt(String run) throws Exception {
        return new MinigptLogits(ExportRuns.run(run));
    }

    @ParameterizedTest
    @ValueSource(strings = {"char", "byte", "bpe", "bpe-gpt4"})
    void llamaCppTokenizesTextAsMinigptDoes(String run) throws Exception {
        List<String> texts = new ArrayList<>(List.of(SHAKESPEARE_TEXT, ExportRuns.heldOutText().substring(0, 500)));
        if (!run.equals("char")) {
            texts.add("café — naïve 12345 don't\tI'M   ok\r\n");
        }
        JsonNode answer = LlamaCpp.check(export(run, "f32"), Map.of("window", WINDOW, "tokenize", texts));
        try (MinigptLogits minigpt = minigpt(run)) {
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(Arrays.toString(minigpt.tokenizer().encode(texts.get(i))), ids(answer.get("tokenized").get(i)),
                        run + ": " + texts.get(i));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"char", "byte", "bpe"})
    void llamaCppWritesMinigptsGreedyTextAndPicksItsNextTokens(String run) throws Exception {
        try (MinigptLogits minigpt = minigpt(run)) {
            int[] valIds = minigpt.tokenizer().encode(ExportRuns.heldOutText());
            int[] positions = Arrays.copyOf(valIds, Math.min(valIds.length, 10 * WINDOW));
            List<int[]> prompts = List.of(minigpt.tokenizer().encode("ROMEO:"), minigpt.tokenizer().encode("KING HENRY"));
            List<Map<String, Object>> greedy = prompts.stream()
                    .map(prompt -> Map.<String, Object>of("prompt", prompt, "tokens", WINDOW - prompt.length)).toList();
            Map<String, Object> request = Map.of("window", WINDOW, "greedy", greedy, "top1", positions);
            JsonNode f32 = LlamaCpp.check(export(run, "f32"), request);
            JsonNode f16 = LlamaCpp.check(export(run, "f16"), Map.of("window", WINDOW, "top1", positions));

            int compared = 0;
            for (int p = 0; p < prompts.size(); p++) {
                int[] context = prompts.get(p);
                JsonNode llama = f32.get("greedy").get(p);
                for (int i = 0; i < llama.size(); i++) {
                    MinigptLogits.Next next = minigpt.after(context);
                    if (next.nearTie()) {
                        break; // either pick is right from here on
                    }
                    assertEquals(next.token(), llama.get(i).asInt(), run + " prompt " + p + " token " + i);
                    context = Arrays.copyOf(context, context.length + 1);
                    context[context.length - 1] = next.token();
                    compared++;
                }
            }
            assertTrue(compared >= WINDOW / 2, run + ": only " + compared + " greedy tokens before a near tie");

            int agreed32 = 0;
            int agreed16 = 0;
            int clear = 0;
            for (int i = 0; i < positions.length; i++) {
                int start = i / WINDOW * WINDOW;
                MinigptLogits.Next next = minigpt.after(Arrays.copyOfRange(positions, start, i + 1));
                if (!next.nearTie()) {
                    clear++;
                    agreed32 += next.token() == f32.get("top1").get(i).asInt() ? 1 : 0;
                    agreed16 += next.token() == f16.get("top1").get(i).asInt() ? 1 : 0;
                }
            }
            assertTrue(clear > positions.length / 2, run + ": " + clear + " positions without a near tie");
            assertEquals(clear, agreed32, run + ": llama.cpp's f32 next token differs from minigpt's");
            assertTrue(agreed16 >= 0.97 * clear, run + ": f16 agrees at " + agreed16 + " of " + clear);
        }
    }

    @Test
    void theFileHoldsTheKeysAndTensorsLlamaCppsGpt2Reads() throws Exception {
        JsonNode answer = LlamaCpp.check(export("bpe", "f16"), Map.of("window", WINDOW, "describe", true));
        JsonNode metadata = answer.get("metadata");
        assertEquals("gpt2", metadata.at("/general/architecture").asText());
        assertEquals(1, metadata.at("/general/file_type").asInt());
        assertEquals(WINDOW, metadata.at("/gpt2/context_length").asInt());
        assertEquals(32, metadata.at("/gpt2/embedding_length").asInt());
        assertEquals(2, metadata.at("/gpt2/block_count").asInt());
        assertEquals(128, metadata.at("/gpt2/feed_forward_length").asInt());
        assertEquals(4, metadata.at("/gpt2/attention/head_count").asInt());
        assertEquals("gpt2", metadata.at("/tokenizer/ggml/model").asText());
        assertEquals("gpt-2", metadata.at("/tokenizer/ggml/pre").asText());
        assertEquals(300, metadata.at("/tokenizer/ggml/tokens").asInt());
        assertEquals(300 - 256 - 1, metadata.at("/tokenizer/ggml/merges").asInt());
        assertEquals(299, metadata.at("/tokenizer/ggml/eos_token_id").asInt(), "<|endoftext|> ends text");
        List<String> tensors = new ArrayList<>();
        answer.get("tensors").forEach(tensor -> tensors.add(tensor.get("name").asText() + tensor.get("dimensions")
                + tensor.get("ggmlType")));
        assertEquals(List.of("token_embd.weight[32,300]1", "position_embd.weight[32,32]1", "blk.0.attn_norm.weight[32]0",
                "blk.0.attn_norm.bias[32]0", "blk.0.attn_qkv.weight[32,96]1", "blk.0.attn_qkv.bias[96]0",
                "blk.0.attn_output.weight[32,32]1", "blk.0.attn_output.bias[32]0", "blk.0.ffn_norm.weight[32]0",
                "blk.0.ffn_norm.bias[32]0", "blk.0.ffn_up.weight[32,128]1", "blk.0.ffn_up.bias[128]0",
                "blk.0.ffn_down.weight[128,32]1", "blk.0.ffn_down.bias[32]0"), tensors.subList(0, 14));
        assertEquals(List.of("output_norm.weight[32]0", "output_norm.bias[32]0", "output.weight[32,300]1"),
                tensors.subList(tensors.size() - 3, tensors.size()));
        assertEquals(2 + 2 * 12 + 3, tensors.size());
    }

    private static String ids(JsonNode array) {
        List<Integer> ids = new ArrayList<>();
        array.forEach(id -> ids.add(id.asInt()));
        return ids.toString();
    }
}
