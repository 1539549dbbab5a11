package org.minigpt.export;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.minigpt.api.model.Gpt2Form;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.export.GgufFile.TensorType;

/**
 * A run as llama.cpp's {@code gpt2} architecture reads it: the hyperparameters under {@code gpt2.}, the tensors
 * under llama.cpp's names as [out, in] rows, and the tokenizer as llama.cpp's {@code gpt2} BPE model.
 */
final class GgufExport {
    /** llama.cpp's token types. */
    private static final int NORMAL = 1;
    private static final int CONTROL = 3;

    private GgufExport() {
    }

    /** llama.cpp's name for the split, or why it has none. */
    static String preTokenizer(ByteLevelForm.Split split) {
        return switch (split) {
            case GPT2 -> "gpt-2";
            case GPT4 -> "dbrx"; // llama.cpp's dbrx pre-tokenizer is GPT-4's cl100k pattern
            case NONE -> throw new ExportException("GGUF cannot hold a BPE run trained with tokenizer.pattern=none: llama.cpp"
                    + " always splits text before merging; export to --format hf, or train with tokenizer.pattern=gpt2");
        };
    }

    static long write(ExportedRun run, TensorType type, OutputStream out) throws IOException {
        Gpt2Form model = run.model();
        ExportedVocabulary vocabulary = run.vocabulary();
        GgufFile file = new GgufFile();
        file.string("general.architecture", "gpt2")
                .string("general.type", "model")
                .string("general.name", run.name())
                .string("general.description", run.description())
                .uint32("general.file_type", type == TensorType.F32 ? 0 : 1);
        run.license().ifPresent(license -> file.string("general.license", license));
        file.string("minigpt.run", run.name())
                .uint32("minigpt.checkpoint_step", run.step())
                .string("minigpt.gelu", model.gelu().name().toLowerCase(java.util.Locale.ROOT));
        run.dataSha256().ifPresent(sha -> file.string("minigpt.data_sha256", sha));
        file.uint32("gpt2.context_length", model.contextLength())
                .uint32("gpt2.embedding_length", model.dModel())
                .uint32("gpt2.block_count", model.layers())
                .uint32("gpt2.feed_forward_length", 4L * model.dModel())
                .uint32("gpt2.attention.head_count", model.heads())
                .float32("gpt2.attention.layer_norm_epsilon", (float) model.layerNormEpsilon());
        tokenizer(file, vocabulary);
        tensors(file, model, type);
        return file.writeTo(out);
    }

    private static void tokenizer(GgufFile file, ExportedVocabulary vocabulary) {
        int[] types = new int[vocabulary.size()];
        for (int id = 0; id < types.length; id++) {
            types[id] = vocabulary.isSpecial(id) ? CONTROL : NORMAL;
        }
        int end = vocabulary.endOfText();
        file.string("tokenizer.ggml.model", "gpt2")
                .string("tokenizer.ggml.pre", preTokenizer(vocabulary.split()))
                .strings("tokenizer.ggml.tokens", vocabulary.tokens())
                .int32s("tokenizer.ggml.token_type", types)
                .strings("tokenizer.ggml.merges", vocabulary.merges())
                .uint32("tokenizer.ggml.bos_token_id", end)
                .uint32("tokenizer.ggml.eos_token_id", end)
                .bool("tokenizer.ggml.add_bos_token", false)
                .bool("tokenizer.ggml.add_eos_token", false);
        if (vocabulary.isChat()) {
            file.uint32("tokenizer.ggml.eot_token_id", end).string("tokenizer.chat_template", ChatTemplate.JINJA);
        }
    }

    private static void tensors(GgufFile file, Gpt2Form model, TensorType type) {
        matrix(file, "token_embd.weight", model.tensor("transformer.wte.weight"), type, false);
        matrix(file, "position_embd.weight", model.tensor("transformer.wpe.weight"), type, false);
        for (int layer = 0; layer < model.layers(); layer++) {
            String from = "transformer.h." + layer + ".";
            String to = "blk." + layer + ".";
            vector(file, to + "attn_norm", model, from + "ln_1");
            linear(file, to + "attn_qkv", model, from + "attn.c_attn", type);
            linear(file, to + "attn_output", model, from + "attn.c_proj", type);
            vector(file, to + "ffn_norm", model, from + "ln_2");
            linear(file, to + "ffn_up", model, from + "mlp.c_fc", type);
            linear(file, to + "ffn_down", model, from + "mlp.c_proj", type);
        }
        vector(file, "output_norm", model, "transformer.ln_f");
        matrix(file, "output.weight", model.tensor("lm_head.weight"), type, false);
    }

    // [rows, columns] as ggml's {columns, rows}; transposed first for GPT-2's [in, out] matrices.
    private static void matrix(GgufFile file, String name, Gpt2Form.Tensor tensor, TensorType type, boolean transpose) {
        long rows = tensor.shape()[0];
        long columns = tensor.shape()[1];
        if (transpose) {
            file.tensor(name, new long[] {rows, columns}, type, Tensors.transposed(tensor));
        } else {
            file.tensor(name, new long[] {columns, rows}, type, tensor.values());
        }
    }

    private static void linear(GgufFile file, String name, Gpt2Form model, String gpt2Name, TensorType type) {
        matrix(file, name + ".weight", model.tensor(gpt2Name + ".weight"), type, true);
        Gpt2Form.Tensor bias = model.tensor(gpt2Name + ".bias");
        file.tensor(name + ".bias", bias.shape(), TensorType.F32, bias.values());
    }

    // Norms and biases stay f32, as llama.cpp's converter keeps them.
    private static void vector(GgufFile file, String name, Gpt2Form model, String gpt2Name) {
        for (String part : List.of("weight", "bias")) {
            Gpt2Form.Tensor tensor = model.tensor(gpt2Name + "." + part);
            file.tensor(name + "." + part, tensor.shape(), TensorType.F32, tensor.values());
        }
    }
}
