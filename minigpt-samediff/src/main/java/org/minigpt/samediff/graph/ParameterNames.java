package org.minigpt.samediff.graph;

/**
 * The names of the model's parameters: {@link GptGraph} creates them, the cached decoder copies them
 * and {@code weights.npz} stores them. A norm {@code n} has {@code n.gain} and {@code n.bias}, a linear
 * layer {@code l} has {@code l.weight} and {@code l.bias}.
 */
public final class ParameterNames {
    public static final String TOKEN_EMBEDDING = "wte";
    public static final String POSITION_EMBEDDING = "wpe";
    public static final String FINAL_NORM = "ln_f";
    public static final String HEAD_WEIGHT = "head.weight";

    private ParameterNames() {
    }

    /** One block's norms and linear layers, and its attention's dropout mask (a placeholder). */
    public record Block(String norm1, String qkv, String attentionProjection, String dropoutMask, String norm2, String fc,
            String mlpProjection) {
        public static Block of(int layer) {
            String prefix = "h" + layer;
            return new Block(prefix + ".ln_1", prefix + ".attn.qkv", prefix + ".attn.proj", prefix + ".attn.dropout_mask",
                    prefix + ".ln_2", prefix + ".mlp.fc", prefix + ".mlp.proj");
        }
    }

    public static String weight(String linear) {
        return linear + ".weight";
    }

    public static String bias(String layer) {
        return layer + ".bias";
    }

    public static String gain(String norm) {
        return norm + ".gain";
    }
}
