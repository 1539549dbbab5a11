package org.minigpt.samediff;

import org.minigpt.samediff.graph.GptGraph;
import org.minigpt.samediff.graph.GptOptions;
import com.google.auto.service.AutoService;
import java.util.List;
import java.io.IOException;
import java.nio.file.Path;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelFactory;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code model=gpt}: the decoder-only Transformer, shaped by the {@code model.} keys of {@link GptOptions}. */
@AutoService(ModelFactory.class)
public final class GptModelFactory implements ModelFactory {
    public static final String NAME = "gpt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "decoder-only Transformer (GPT-2 layout) on Deeplearning4j SameDiff";
    }

    @Override
    public List<Setting<?>> settings() {
        return GptOptions.SETTINGS;
    }

    @Override
    public LanguageModel create(PluginConfig config, int vocabSize, long seed) {
        return create(GptOptions.from(config), vocabSize, seed, DataType.FLOAT);
    }

    static GptModel create(GptOptions options, int vocabSize, long seed, DataType dataType) {
        return new GptModel(GptGraph.build(options, vocabSize, dataType, seed));
    }

    @Override
    public LanguageModel load(Path runDir, PluginConfig config, int vocabSize) throws IOException {
        GptModel model = create(GptOptions.from(config), vocabSize, 0, DataType.FLOAT);
        try {
            model.load(runDir);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    @Override
    public LanguageModel loadWithMoreTokens(Path runDir, PluginConfig config, int savedVocabSize, int vocabSize)
            throws IOException {
        if (vocabSize < savedVocabSize) {
            throw new IllegalArgumentException(vocabSize + " tokens are fewer than the saved " + savedVocabSize);
        }
        GptModel model = create(GptOptions.from(config), vocabSize, 0, DataType.FLOAT);
        try {
            model.loadWithMoreTokens(runDir, savedVocabSize);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }
}
