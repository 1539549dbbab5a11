package org.minigpt.samediff;

/**
 * The names of the model's parameters: {@link GptGraph} creates them, the cached decoder copies them
 * and {@code weights.npz} stores them. A norm {@code n} has {@code n.gain} and {@code n.bias}, a linear
 * layer {@code l} has {@code l.weight} and {@code l.bias}.
 */
final class ParameterNames {
    static final String TOKEN_EMBEDDING = "wte";
    static final String POSITION_EMBEDDING = "wpe";
    static final String FINAL_NORM = "ln_f";
    static final String HEAD_WEIGHT = "head.weight";

    private ParameterNames() {
    }

    /** One block's norms and linear layers, and its attention's dropout mask (a placeholder). */
    record Block(String norm1, String qkv, String attentionProjection, String dropoutMask, String norm2, String fc,
            String mlpProjection) {
        static Block of(int layer) {
            String prefix = "h" + layer;
            return new Block(prefix + ".ln_1", prefix + ".attn.qkv", prefix + ".attn.proj", prefix + ".attn.dropout_mask",
                    prefix + ".ln_2", prefix + ".mlp.fc", prefix + ".mlp.proj");
        }
    }

    static String weight(String linear) {
        return linear + ".weight";
    }

    static String bias(String layer) {
        return layer + ".bias";
    }

    static String gain(String norm) {
        return norm + ".gain";
    }
}
