package org.minigpt.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minigpt.api.model.Gpt2Form;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.core.chat.ChatTemplate;

/**
 * A run as a Hugging Face folder that transformers' {@code GPT2LMHeadModel} and GPT-2 tokenizer read:
 * {@code config.json}, {@code model.safetensors}, {@code generation_config.json}, {@code vocab.json},
 * {@code merges.txt}, {@code tokenizer_config.json} and {@code special_tokens_map.json}.
 */
final class HuggingFaceExport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HuggingFaceExport() {
    }

    /** Refuses a split the GPT-2 tokenizer cannot apply: it always cuts text by GPT-2's pattern. */
    static void requireSplit(ByteLevelForm.Split split) {
        if (split != ByteLevelForm.Split.GPT2) {
            throw new ExportException("Hugging Face's GPT-2 tokenizer splits text only by GPT-2's pattern, and this BPE run"
                    + " was trained with tokenizer.pattern=" + split.name().toLowerCase(java.util.Locale.ROOT)
                    + "; export to --format gguf, or train with tokenizer.pattern=gpt2");
        }
    }

    /** Writes the folder's files into {@code folder} (which exists and is empty); returns their total size. */
    static long write(ExportedRun run, boolean half, Path folder) throws IOException {
        Gpt2Form model = run.model();
        ExportedVocabulary vocabulary = run.vocabulary();
        int end = vocabulary.endOfText();
        String endToken = vocabulary.tokens().get(end);
        long size;
        try (OutputStream out = Files.newOutputStream(folder.resolve("model.safetensors"))) {
            size = Safetensors.write(model.tensors(), half, out);
        }
        ObjectNode config = JSON.createObjectNode();
        config.putArray("architectures").add("GPT2LMHeadModel");
        config.put("model_type", "gpt2")
                .put("vocab_size", model.vocabSize())
                .put("n_positions", model.contextLength())
                .put("n_ctx", model.contextLength())
                .put("n_embd", model.dModel())
                .put("n_layer", model.layers())
                .put("n_head", model.heads())
                .put("n_inner", 4 * model.dModel())
                // gelu_new is GPT-2's tanh form; quick_gelu is x·σ(1.702x), minigpt's default
                .put("activation_function", model.gelu() == Gpt2Form.Gelu.TANH ? "gelu_new" : "quick_gelu")
                .put("layer_norm_epsilon", model.layerNormEpsilon())
                .put("resid_pdrop", 0.0).put("embd_pdrop", 0.0).put("attn_pdrop", 0.0)
                .put("scale_attn_weights", true)
                .put("tie_word_embeddings", false)
                .put("bos_token_id", end)
                .put("eos_token_id", end)
                .put("torch_dtype", half ? "float16" : "float32");
        size += writeJson(folder.resolve("config.json"), config);
        ObjectNode generation = JSON.createObjectNode();
        generation.put("bos_token_id", end).put("eos_token_id", end).put("max_length", model.contextLength());
        size += writeJson(folder.resolve("generation_config.json"), generation);
        size += tokenizerFiles(run, folder, endToken);
        return size;
    }

    private static long tokenizerFiles(ExportedRun run, Path folder, String endToken) throws IOException {
        ExportedVocabulary vocabulary = run.vocabulary();
        ObjectNode vocab = JSON.createObjectNode();
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.tokens().get(id), id);
        }
        long size = writeJson(folder.resolve("vocab.json"), vocab);
        StringBuilder merges = new StringBuilder("#version: 0.2\n");
        vocabulary.merges().forEach(merge -> merges.append(merge).append('\n'));
        size += write(folder.resolve("merges.txt"), merges.toString());

        ObjectNode tokenizer = JSON.createObjectNode();
        tokenizer.put("tokenizer_class", "GPT2Tokenizer")
                .put("model_max_length", run.model().contextLength())
                .put("add_prefix_space", false)
                .put("add_bos_token", false)
                .put("errors", "replace")
                .put("bos_token", endToken)
                .put("eos_token", endToken)
                .put("unk_token", endToken)
                .put("clean_up_tokenization_spaces", false);
        ObjectNode added = tokenizer.putObject("added_tokens_decoder");
        for (int id = 0; id < vocabulary.size(); id++) {
            if (vocabulary.isSpecial(id)) {
                added.putObject(Integer.toString(id)).put("content", vocabulary.tokens().get(id)).put("lstrip", false)
                        .put("rstrip", false).put("normalized", false).put("single_word", false).put("special", true);
            }
        }
        if (vocabulary.isChat()) {
            tokenizer.put("chat_template", ChatTemplate.JINJA);
        }
        size += writeJson(folder.resolve("tokenizer_config.json"), tokenizer);
        ObjectNode specials = JSON.createObjectNode();
        specials.put("bos_token", endToken).put("eos_token", endToken).put("unk_token", endToken);
        return size + writeJson(folder.resolve("special_tokens_map.json"), specials);
    }

    private static long writeJson(Path file, ObjectNode node) throws IOException {
        return write(file, JSON.writeValueAsString(node) + "\n");
    }

    private static long write(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        return bytes.length;
    }
}
