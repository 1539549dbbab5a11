package org.minigpt.tokenizers.bpe;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.api.tokenizer.TrainingCorpus;
import org.minigpt.tokenizers.TokenizerFile;

/**
 * {@code tokenizer=bpe}: byte-level BPE trained on the training text to {@code tokenizer.vocab_size}
 * tokens (default 512: 256 bytes, the merges, and {@code <|endoftext|>}), with chunks cut by
 * {@code tokenizer.pattern} ({@code gpt2}, {@code gpt4} or {@code none}; default {@code gpt2}).
 */
@AutoService(TokenizerFactory.class)
public final class BpeTokenizerFactory implements TokenizerFactory {
    static final int SPECIAL_TOKENS = 1;
    private static final int MINIMUM = 256 + SPECIAL_TOKENS;
    static final Setting<Integer> VOCAB_SIZE = Setting.integer("vocab_size", 512, Range.atLeast(MINIMUM),
            "256 bytes + merges + 1 special token (<|endoftext|>)").because("256 bytes + " + SPECIAL_TOKENS + " special token");
    static final Setting<String> PATTERN = Setting.choice("pattern", "gpt2", List.of("gpt2", "gpt4", "none"),
            "how text is cut before merging: GPT-2's pattern, GPT-4's (cl100k), or none");

    @Override
    public String name() {
        return BpeTokenizer.NAME;
    }

    @Override
    public String description() {
        return "byte-level BPE trained on the text to tokenizer.vocab_size tokens (default 512)";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(VOCAB_SIZE, PATTERN);
    }

    @Override
    public boolean encodesAnyText() {
        return true;
    }

    @Override
    public Tokenizer train(String trainingText, PluginConfig config) {
        int vocabSize = vocabSize(config);
        SplitPattern pattern = pattern(config);
        return train(vocabSize, pattern, BpeTrainer.train(pattern.split(trainingText), vocabSize - MINIMUM), config);
    }

    /** Learns from the corpus's sample, counting its chunks piece by piece rather than holding them all. */
    @Override
    public Tokenizer train(TrainingCorpus corpus, PluginConfig config) {
        int vocabSize = vocabSize(config);
        SplitPattern pattern = pattern(config);
        Map<String, Integer> frequency = new HashMap<>();
        corpus.forEachSamplePiece(piece -> pattern.split(piece).forEach(chunk -> frequency.merge(chunk, 1, Integer::sum)));
        return train(vocabSize, pattern, BpeTrainer.train(frequency, vocabSize - MINIMUM), config);
    }

    private static int vocabSize(PluginConfig config) {
        return config.get(VOCAB_SIZE);
    }

    private static SplitPattern pattern(PluginConfig config) {
        return SplitPattern.named(config.key(PATTERN.name()), config.get(PATTERN));
    }

    private static Tokenizer train(int vocabSize, SplitPattern pattern, List<int[]> merges, PluginConfig config) {
        if (merges.size() < vocabSize - MINIMUM) {
            throw new ConfigException(config.key(VOCAB_SIZE.name()) + " " + vocabSize + " needs " + (vocabSize - MINIMUM)
                    + " merges but the text allows only " + merges.size() + "; use at most "
                    + (MINIMUM + merges.size()) + " or a longer text");
        }
        return new BpeTokenizer(pattern, merges);
    }

    @Override
    public Tokenizer load(Path runDir, PluginConfig config) throws IOException {
        JsonNode document = TokenizerFile.read(runDir, BpeTokenizer.NAME);
        Path file = runDir.resolve(TokenizerFile.FILE_NAME);
        SplitPattern pattern = SplitPattern.named(file + " pattern", document.path("pattern").asText("none"));
        JsonNode mergeArray = document.path("merges");
        if (!mergeArray.isArray()) {
            throw new MinigptException(file + " has no merges array");
        }
        List<int[]> merges = new ArrayList<>();
        for (JsonNode pair : mergeArray) {
            int left = pair.path(0).asInt(-1);
            int right = pair.path(1).asInt(-1);
            int next = 256 + merges.size();
            if (pair.size() != 2 || left < 0 || right < 0 || left >= next || right >= next) {
                throw new MinigptException(file + ": merge " + merges.size() + " is not a pair of earlier token ids");
            }
            merges.add(new int[] {left, right});
        }
        return new BpeTokenizer(pattern, merges);
    }
}
