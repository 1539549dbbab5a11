package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code minigpt export --format hf}: the folder transformers reads, and in PyTorch
 * ({@code bench/reference/load_hf_folder.py}) the same greedy text as {@code minigpt generate}, for the tanh GELU
 * ({@code gelu_new}) and the sigmoid one ({@code quick_gelu}). The PyTorch part is skipped where Debian's
 * python3-torch and python3-regex are not installed.
 */
@Timeout(600)
class HuggingFaceExportTest {
    @ParameterizedTest
    @CsvSource({"char, gelu_new", "byte, gelu_new", "bpe, gelu_new", "char-sigmoid, quick_gelu"})
    void pyTorchOnTheFolderWritesMinigptsGreedyText(String run, String activation) throws Exception {
        Path folder = ExportRuns.export(run, "hf", "f32");
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("config.json", "generation_config.json", "merges.txt", "model.safetensors",
                    "special_tokens_map.json", "tokenizer_config.json", "vocab.json"),
                    files.map(file -> file.getFileName().toString()).sorted().toList());
        }
        JsonNode config = LlamaCpp.JSON.readTree(folder.resolve("config.json").toFile());
        assertEquals("GPT2LMHeadModel", config.at("/architectures/0").asText());
        assertEquals(activation, config.get("activation_function").asText());
        assertEquals(ExportRuns.WINDOW, config.get("n_positions").asInt());
        assertEquals(false, config.get("tie_word_embeddings").asBoolean());
        JsonNode vocab = LlamaCpp.JSON.readTree(folder.resolve("vocab.json").toFile());
        assertEquals(config.get("vocab_size").asInt(), vocab.size());

        assumeTrue(ReferencePython.imports("torch, regex"), "PyTorch is not installed (apt-get install -y python3-torch python3-regex): the Hugging Face"
                + " folder was not run");
        // "ROMEO:" and its greedy tokens fit one window: both sides see the whole text.
        CliRun minigpt = CliRun.of("generate", "--run", ExportRuns.run(run).toString(), "--prompt", "ROMEO:", "--max-tokens",
                "20", "--set", "sampler=greedy");
        assertEquals(0, minigpt.exitCode(), minigpt.toString());
        String pytorch = ReferencePython.run("load_hf_folder.py", "--model", folder.toString(), "--prompt", "ROMEO:",
                "--tokens", "20");
        assertEquals(minigpt.out().strip(), pytorch.strip());
    }

    @Test
    void aSplitTheGpt2TokenizerCannotApplyIsOneLineAndNothingIsWritten() throws Exception {
        Path out = ExportRuns.run("bpe-gpt4").resolveSibling("gpt4-hf");
        CliRun refused = CliRun.of("export", "--run", ExportRuns.run("bpe-gpt4").toString(), "--format", "hf", "--out",
                out.toString());
        assertEquals(2, refused.exitCode(), refused.toString());
        assertEquals("minigpt: Hugging Face's GPT-2 tokenizer splits text only by GPT-2's pattern, and this BPE run was"
                + " trained with tokenizer.pattern=gpt4; export to --format gguf, or train with tokenizer.pattern=gpt2\n", refused.err());
        assertTrue(Files.notExists(out));
    }
}
