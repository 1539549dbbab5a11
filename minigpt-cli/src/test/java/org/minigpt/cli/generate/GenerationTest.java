package org.minigpt.cli.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.optimizer.Optimizer;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.tokenizers.bytes.ByteTokenizer;

class GenerationTest {
    /** Bytes of UTF-8: "é" is two tokens, 0xC3 0xA9. */
    private static final Tokenizer BYTES = new ByteTokenizer();

    /** A model that always predicts the next token of a fixed script, wrapping around. */
    private static LanguageModel scripted(String script) {
        int[] ids = BYTES.encode(script);
        return new LanguageModel() {
            private int calls;

            @Override
            public int vocabSize() {
                return 256;
            }

            @Override
            public int contextLength() {
                return 8;
            }

            @Override
            public List<ParameterCount> parameterCounts() {
                return List.of();
            }

            @Override
            public ModelTrainer trainer(Optimizer optimizer, long seed) {
                throw new UnsupportedOperationException();
            }

            @Override
            public double loss(Batch batch) {
                throw new UnsupportedOperationException();
            }

            @Override
            public float[] nextTokenLogits(int[] context) {
                float[] logits = new float[256];
                logits[ids[calls++ % ids.length]] = 10;
                return logits;
            }

            @Override
            public void save(Path runDir) {
            }

            @Override
            public void close() {
            }
        };
    }

    private static final SamplerChain GREEDY = new SamplerChain(List.of(new Sampler() {
        @Override
        public int pick(float[] logits, java.util.random.RandomGenerator rng) {
            return Logits.argmax(logits);
        }
    }));

    /** Records what had been written at each flush. */
    private static final class Flushes extends ByteArrayOutputStream {
        final List<String> seen = new ArrayList<>();

        @Override
        public void flush() {
            seen.add(toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void textAppearsAsEachTokenIsChosen() {
        Flushes out = new Flushes();
        String text = new Generation(scripted("abc"), BYTES, GREEDY)
                .generate(">", 5, List.of(), new SplittableRandom(1), new PrintStream(out, false, StandardCharsets.UTF_8));
        assertEquals(">abcab", text);
        assertEquals(List.of(">", ">a", ">ab", ">abc", ">abca", ">abcab", ">abcab\n"), out.seen);
    }

    @Test
    void aCharacterSplitOverTokensAppearsOnlyWhole() {
        Flushes out = new Flushes();
        new Generation(scripted("é!"), BYTES, GREEDY)
                .generate(">", 3, List.of(), new SplittableRandom(1), new PrintStream(out, false, StandardCharsets.UTF_8));
        out.seen.forEach(seen -> assertFalse(seen.contains("\uFFFD"), seen));
        assertEquals(List.of(">", ">é", ">é!", ">é!\n"), out.seen);
    }

    @Test
    void stopsBeforeAStopStringAndNeverShowsItsStart() {
        Flushes out = new Flushes();
        String text = new Generation(scripted("ab\n\ncd"), BYTES, GREEDY)
                .generate(">", 6, List.of("\n\n"), new SplittableRandom(1), new PrintStream(out, false, StandardCharsets.UTF_8));
        assertEquals(">ab", text);
        out.seen.forEach(seen -> assertFalse(seen.startsWith(">ab\n") && !seen.equals(">ab\n"), seen));
        assertEquals(">ab\n", out.seen.get(out.seen.size() - 1));
    }
}
