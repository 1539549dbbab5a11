package org.minigpt.samediff.graph;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;

/**
 * The shape of a {@code gpt} model, read from the {@code model.} section. Defaults are the
 * tutorial's MiniGPT: 4 layers, 4 heads, d_model 128, context 64, dropout 0.1.
 */
public record GptOptions(int layers, int heads, int dModel, int contextLength, double dropout) {
    public static final String LAYERS = "layers";
    public static final String HEADS = "heads";
    public static final String D_MODEL = "d_model";
    public static final String CONTEXT_LENGTH = "context_length";
    public static final String DROPOUT = "dropout";

    public GptOptions {
        ConfigException.requireAtLeast("model.layers", layers, 1);
        ConfigException.requireAtLeast("model.heads", heads, 1);
        ConfigException.requireAtLeast("model.d_model", dModel, 1);
        ConfigException.requireAtLeast("model.context_length", contextLength, 1);
        ConfigException.requireInHalfOpenRange("model.dropout", dropout, 0, 1);
        if (dModel % heads != 0) {
            throw new ConfigException("model.heads must divide model.d_model (" + dModel + "), was " + heads);
        }
    }

    public static GptOptions from(PluginConfig config) {
        return new GptOptions(
                config.integer(LAYERS, 4),
                config.integer(HEADS, 4),
                config.integer(D_MODEL, 128),
                config.integer(CONTEXT_LENGTH, 64),
                config.decimal(DROPOUT, 0.1));
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
