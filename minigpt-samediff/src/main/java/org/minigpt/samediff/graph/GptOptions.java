package org.minigpt.samediff.graph;

import java.util.List;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;

/**
 * The shape of a {@code gpt} model, read from the {@code model.} section. Defaults are the
 * tutorial's MiniGPT: 4 layers, 4 heads, d_model 128, context 64, dropout 0.1.
 */
public record GptOptions(int layers, int heads, int dModel, int contextLength, double dropout, Gelu gelu) {
    private static final String SECTION = "model";
    public static final Setting<Integer> LAYERS = Setting.integer("layers", 4, Range.atLeast(1), "Transformer blocks");
    public static final Setting<Integer> HEADS = Setting.integer("heads", 4, Range.atLeast(1),
            "attention heads; must divide model.d_model");
    public static final Setting<Integer> D_MODEL = Setting.integer("d_model", 128, Range.atLeast(1), "embedding width");
    public static final Setting<Integer> CONTEXT_LENGTH = Setting.integer("context_length", 64, Range.atLeast(1),
            "tokens the model sees");
    public static final Setting<Double> DROPOUT = Setting.decimal("dropout", 0.1, Range.halfOpen(0, 1),
            "dropout on the attention weights while training");
    public static final Setting<String> GELU = Setting.choice("gelu", "sigmoid", List.of("sigmoid", "tanh"),
            "the MLP's GELU: sigmoid, x·σ(1.702x), or tanh, GPT-2's form, which llama.cpp computes"
                    + " (docs/export.md)");
    public static final List<Setting<?>> SETTINGS = List.of(LAYERS, HEADS, D_MODEL, CONTEXT_LENGTH, DROPOUT, GELU);

    /** The two forms of GELU: x·σ(1.702x), or GPT-2's 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))). */
    public enum Gelu {
        SIGMOID, TANH;

        static Gelu named(String name) {
            for (Gelu gelu : values()) {
                if (gelu.configName().equals(name)) {
                    return gelu;
                }
            }
            throw new ConfigException("model.gelu must be sigmoid or tanh, was '" + name + "'");
        }

        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A shape with the default GELU (sigmoid). */
    public GptOptions(int layers, int heads, int dModel, int contextLength, double dropout) {
        this(layers, heads, dModel, contextLength, dropout, Gelu.SIGMOID);
    }

    public GptOptions {
        LAYERS.check(SECTION, layers);
        HEADS.check(SECTION, heads);
        D_MODEL.check(SECTION, dModel);
        CONTEXT_LENGTH.check(SECTION, contextLength);
        DROPOUT.check(SECTION, dropout);
        if (dModel % heads != 0) {
            throw new ConfigException("model.heads must divide model.d_model (" + dModel + "), was " + heads);
        }
    }

    public static GptOptions from(PluginConfig config) {
        return new GptOptions(config.get(LAYERS), config.get(HEADS), config.get(D_MODEL), config.get(CONTEXT_LENGTH),
                config.get(DROPOUT), Gelu.named(config.get(GELU)));
    }

    /**
     * Refuses a shape whose largest weight matrix (the MLP's d x 4d, or the embedding's V x d) one
     * array cannot index: ND4J's arrays and Java's hold at most 2^31 - 1 values.
     */
    public void requireIndexable(int vocabSize) {
        long mlp = 4L * dModel * dModel;
        long tokens = (long) vocabSize * dModel;
        long positions = (long) contextLength * dModel;
        if (positions > Integer.MAX_VALUE && positions >= Math.max(mlp, tokens)) {
            throw tooLarge("model.context_length", contextLength, contextLength, dModel);
        }
        if (mlp > Integer.MAX_VALUE && mlp >= tokens) {
            throw tooLarge("model.d_model", dModel, dModel, 4L * dModel);
        }
        if (tokens > Integer.MAX_VALUE) {
            throw tooLarge("model.d_model", dModel, vocabSize, dModel);
        }
    }

    private static ConfigException tooLarge(String key, int value, long rows, long columns) {
        return new ConfigException(String.format("%s=%d makes a %,d x %,d weight matrix (%,d values), more than one"
                + " array holds (%,d); lower %s", key, value, rows, columns, rows * columns, Integer.MAX_VALUE, key));
    }

    public int headSize() {
        return dModel / heads;
    }
}
