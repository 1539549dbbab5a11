package org.minigpt.samediff.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import org.minigpt.api.model.Gpt2Form;
import org.minigpt.api.model.Gpt2Form.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link GptGraph}'s weights under Hugging Face's GPT-2 names: the same layout, only the head is transposed. */
public final class Gpt2Forms {
    private Gpt2Forms() {
    }

    public static Gpt2Form of(GptGraph graph) {
        GptOptions options = graph.options();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("transformer.wte.weight", tensor(graph.parameter(ParameterNames.TOKEN_EMBEDDING)));
        tensors.put("transformer.wpe.weight", tensor(graph.parameter(ParameterNames.POSITION_EMBEDDING)));
        for (int layer = 0; layer < options.layers(); layer++) {
            ParameterNames.Block names = ParameterNames.Block.of(layer);
            String prefix = "transformer.h." + layer + ".";
            norm(graph, tensors, prefix + "ln_1", names.norm1());
            linear(graph, tensors, prefix + "attn.c_attn", names.qkv());
            linear(graph, tensors, prefix + "attn.c_proj", names.attentionProjection());
            norm(graph, tensors, prefix + "ln_2", names.norm2());
            linear(graph, tensors, prefix + "mlp.c_fc", names.fc());
            linear(graph, tensors, prefix + "mlp.c_proj", names.mlpProjection());
        }
        norm(graph, tensors, "transformer.ln_f", ParameterNames.FINAL_NORM);
        tensors.put("lm_head.weight", tensor(graph.parameter(ParameterNames.HEAD_WEIGHT).transpose()));
        Gpt2Form.Gelu gelu = options.gelu() == GptOptions.Gelu.TANH ? Gpt2Form.Gelu.TANH : Gpt2Form.Gelu.SIGMOID;
        // LayerNorm here divides by the standard deviation itself: no epsilon.
        return new Gpt2Form(options.layers(), options.heads(), options.dModel(), options.contextLength(), graph.vocabSize(),
                0, gelu, tensors);
    }

    private static void norm(GptGraph graph, Map<String, Tensor> tensors, String name, String norm) {
        tensors.put(name + ".weight", tensor(graph.parameter(ParameterNames.gain(norm))));
        tensors.put(name + ".bias", tensor(graph.parameter(ParameterNames.bias(norm))));
    }

    // Conv1D in GPT-2 holds [in, out], as minigpt does.
    private static void linear(GptGraph graph, Map<String, Tensor> tensors, String name, String linear) {
        tensors.put(name + ".weight", tensor(graph.parameter(ParameterNames.weight(linear))));
        tensors.put(name + ".bias", tensor(graph.parameter(ParameterNames.bias(linear))));
    }

    private static Tensor tensor(INDArray array) {
        return new Tensor(array.shape().clone(), array.castTo(DataType.FLOAT).dup('c').reshape(-1).toFloatVector());
    }
}
