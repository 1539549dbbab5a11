package org.minigpt.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.RecomputingDecoder;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.tokenizers.bytes.ByteTokenizer;

class GenerationTest {
    /** Bytes of UTF-8: "é" is two tokens, 0xC3 0xA9. */
    private static final Tokenizer BYTES = new ByteTokenizer();

    /** A model that always predicts the next token of a fixed script, wrapping around. */
    private static Decoder scripted(String script) {
        int[] ids = BYTES.encode(script);
        return model(call -> {
            float[] logits = new float[256];
            logits[ids[call % ids.length]] = 10;
            return logits;
        });
    }

    /** A byte-vocabulary decoder (window 8) whose logits at its {@code n}-th row are {@code logits.apply(n)}. */
    private static Decoder model(java.util.function.IntFunction<float[]> logits) {
        int[] calls = {0};
        return new RecomputingDecoder(256, 8, 64, context -> logits.apply(calls[0]++));
    }

    private static final SamplerChain GREEDY = new SamplerChain(List.of(new Sampler() {
        @Override
        public int pick(float[] logits, java.util.random.RandomGenerator rng) {
            return Logits.argmax(logits);
        }
    }));

    /** Records what had been written at each flush. */
    /** The text shown so far after each piece handed out. */
    private static final class Pieces implements java.util.function.Consumer<String> {
        final List<String> seen = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public void accept(String piece) {
            seen.add(text.append(piece).toString());
        }
    }

    @Test
    void textAppearsAsEachTokenIsChosen() {
        Pieces out = new Pieces();
        String text = new Generation(scripted("abc"), BYTES, GREEDY)
                .generate(">", 5, List.of(), new SplittableRandom(1), out);
        assertEquals(">abcab", text);
        assertEquals(List.of(">", ">a", ">ab", ">abc", ">abca", ">abcab"), out.seen);
    }

    @Test
    void aCharacterSplitOverTokensAppearsOnlyWhole() {
        Pieces out = new Pieces();
        new Generation(scripted("é!"), BYTES, GREEDY)
                .generate(">", 3, List.of(), new SplittableRandom(1), out);
        out.seen.forEach(seen -> assertFalse(seen.contains("\uFFFD"), seen));
        assertEquals(List.of(">", ">é", ">é!"), out.seen);
    }

    @Test
    void stopsBeforeAStopStringAndNeverShowsItsStart() {
        Pieces out = new Pieces();
        String text = new Generation(scripted("ab\n\ncd"), BYTES, GREEDY)
                .generate(">", 6, List.of("\n\n"), new SplittableRandom(1), out);
        assertEquals(">ab", text);
        out.seen.forEach(seen -> assertFalse(seen.startsWith(">ab\n"), seen));
        assertEquals(">ab", out.seen.get(out.seen.size() - 1));
    }

    @Test
    void aCompletionEndsAtItsEndTokenAndNeverChoosesABannedOne() {
        // The script's 'z' is the end; 'y' and every id above it are banned, so the model's second choice is taken.
        Decoder model = scripted("ab");
        Decoder withSecondChoice = model(call -> {
            float[] logits = new float[256];
            logits['y'] = 20; // banned
            logits[call < 3 ? 'c' : 'z'] = 10;
            return logits;
        });
        List<Completion.Piece> pieces = new ArrayList<>();
        Completion.Result result = new Completion(BYTES, GREEDY).endingAt('z').banningFrom('y').withLogprobs(2)
                .run(withSecondChoice, BYTES.encode(">"), 10, List.of(), new SplittableRandom(1), pieces::add, () -> false);
        assertEquals("ccc", result.text());
        assertEquals(Completion.Finish.STOP, result.finish());
        assertEquals(3, result.tokens().length);
        Completion.Token first = pieces.get(0).tokens().get(0);
        assertEquals('c', first.id());
        // Left to choose: ids 0 to 'x' and the end 'z', all at logit 0 but 'c' at 10.
        assertEquals(Math.log(Math.exp(10) / (Math.exp(10) + 121)), first.logprob(), 1e-9);
        assertEquals(List.of((int) 'c', 0), first.top().stream().map(Completion.Alternative::id).toList(), "ties by lower id");
        Completion.Result cut = new Completion(BYTES, GREEDY).run(model, BYTES.encode(">"), 10, List.of(), new SplittableRandom(1),
                piece -> { }, () -> true);
        assertEquals(Completion.Finish.CANCELLED, cut.finish());
        Completion.Result full = new Completion(BYTES, GREEDY).run(model, BYTES.encode(">"), 3, List.of(), new SplittableRandom(1),
                piece -> { }, () -> false);
        assertEquals(Completion.Finish.LENGTH, full.finish());
        assertEquals("aba", full.text());
    }
}
