package org.minigpt.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.Config;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.Decoder.Feed;
import org.minigpt.api.model.Decoder.Sequence;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.samediff.graph.GptOptions;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizerFactory;
import org.nd4j.linalg.api.buffer.DataType;

/** The batched decoder gives the full graph's logits, whatever shares a step, within its cache budget. */
class BatchedDecoderTest {
    private static final float TOLERANCE = 1e-5f;

    private static int[] randomTokens(int length, int vocab, long seed) {
        return new SplittableRandom(seed).ints(length, 0, vocab).toArray();
    }

    private static Sequence open(Decoder decoder, int positions) {
        return decoder.open(positions).orElseThrow();
    }

    @Test
    void eachPositionFedOneAtATimeMatchesTheFullGraph() {
        GptModel model = GptModelFactory.create(new GptOptions(3, 4, 32, 16, 0.1), 17, 21, DataType.FLOAT);
        int[] window = randomTokens(16, 17, 3);
        try (Decoder decoder = model.decoder()) {
            Sequence sequence = open(decoder, 16);
            for (int length = 1; length <= window.length; length++) {
                float[] logits = decoder.step(List.of(new Feed(sequence, new int[] {window[length - 1]}, true))).get(0);
                assertArrayEquals(model.graphLogits(Arrays.copyOf(window, length)), logits, TOLERANCE, "position " + (length - 1));
            }
        }
    }

    @Test
    void theTanhGeluDecoderMatchesTheFullGraph() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 4, 32, 16, 0, GptOptions.Gelu.TANH), 17, 5, DataType.FLOAT);
        int[] window = randomTokens(16, 17, 4);
        try (Decoder decoder = model.decoder()) {
            Sequence sequence = open(decoder, 16);
            float[] logits = decoder.step(List.of(new Feed(sequence, window, true))).get(0);
            assertArrayEquals(model.graphLogits(window), logits, TOLERANCE);
        }
    }

    @Test
    void promptsInChunksSingleTokensAndForksInOneStepMatchTheFullGraph() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 4, 32, 16, 0), 13, 8, DataType.FLOAT);
        int[] a = randomTokens(16, 13, 1);
        int[] b = randomTokens(16, 13, 2);
        int[] c = randomTokens(16, 13, 3);
        try (Decoder decoder = model.decoder()) {
            Sequence first = open(decoder, 16);
            Sequence second = open(decoder, 16);
            decoder.step(List.of(new Feed(first, Arrays.copyOf(a, 5), false), new Feed(second, Arrays.copyOf(b, 1), true)));
            Sequence fork = decoder.fork(first, 11).orElseThrow();
            Sequence third = open(decoder, 16);
            // first: a chunk of prompt; second: one token; fork: one token of its own; third: a whole prompt.
            List<float[]> logits = decoder.step(List.of(new Feed(first, Arrays.copyOfRange(a, 5, 12), true),
                    new Feed(second, new int[] {b[1]}, true), new Feed(fork, new int[] {c[0]}, true),
                    new Feed(third, Arrays.copyOf(c, 9), true)));
            assertArrayEquals(model.graphLogits(Arrays.copyOf(a, 12)), logits.get(0), TOLERANCE);
            assertArrayEquals(model.graphLogits(Arrays.copyOf(b, 2)), logits.get(1), TOLERANCE);
            int[] forked = Arrays.copyOf(a, 6);
            forked[5] = c[0];
            assertArrayEquals(model.graphLogits(forked), logits.get(2), TOLERANCE);
            assertArrayEquals(model.graphLogits(Arrays.copyOf(c, 9)), logits.get(3), TOLERANCE);
            assertEquals(List.of(12, 2, 6, 9), List.of(first.length(), second.length(), fork.length(), third.length()));
        }
    }

    @Test
    void aRowsLogitsAreBitwiseTheSameAloneAndAmongFifteenOthers() {
        // Wide enough that a step of 16 rows splits its columns over the threads.
        GptModel model = GptModelFactory.create(new GptOptions(2, 4, 128, 32, 0), 40, 4, DataType.FLOAT);
        int[] prompt = randomTokens(20, 40, 9);
        float[] alone;
        try (Decoder decoder = model.decoder()) {
            Sequence sequence = open(decoder, 32);
            decoder.step(List.of(new Feed(sequence, Arrays.copyOf(prompt, 19), false)));
            alone = decoder.step(List.of(new Feed(sequence, new int[] {prompt[19]}, true))).get(0);
        }
        try (Decoder decoder = model.decoder()) {
            List<Sequence> others = new ArrayList<>();
            List<Feed> feeds = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                others.add(open(decoder, 32));
                feeds.add(new Feed(others.get(i), randomTokens(1 + i, 40, 100 + i), false));
            }
            Sequence sequence = open(decoder, 32);
            feeds.add(7, new Feed(sequence, Arrays.copyOf(prompt, 19), false));
            decoder.step(feeds);
            List<Feed> batch = new ArrayList<>();
            others.forEach(other -> batch.add(new Feed(other, new int[] {3}, true)));
            batch.add(11, new Feed(sequence, new int[] {prompt[19]}, true));
            float[] among = decoder.step(batch).get(11);
            assertArrayEquals(alone, among, 0f);
            assertTrue(Arrays.equals(alone, among), "bitwise");
        }
    }

    @Test
    void theCacheBudgetRefusesWhatDoesNotFitAndSharedPositionsLastUntilTheLastHolder() {
        GptModel model = GptModelFactory.create(new GptOptions(1, 2, 16, 8, 0), 11, 5, DataType.FLOAT);
        long perPosition = org.minigpt.samediff.decode.BatchedDecoder.bytesPerPosition(1, 16);
        try (Decoder decoder = model.decoder(23 * perPosition)) {
            assertEquals(23, decoder.capacity());
            Sequence parent = open(decoder, 8);
            Sequence other = open(decoder, 8);
            assertTrue(decoder.open(8).isEmpty(), "8 + 8 + 8 > 23");
            decoder.step(List.of(new Feed(parent, randomTokens(5, 11, 1), false)));
            assertTrue(decoder.fork(parent, 3).isEmpty(), "a fork reserves its own 3 and its copy of the parent's 5 keys");
            Sequence fork = decoder.fork(parent, 2).orElseThrow();
            assertEquals(0, decoder.available());
            parent.release();
            assertEquals(0, decoder.available(), "the fork still shares the parent's positions");
            decoder.step(List.of(new Feed(fork, new int[] {1, 2}, true)));
            assertEquals(7, fork.length());
            assertThrows(IllegalArgumentException.class, () -> decoder.step(List.of(new Feed(fork, new int[] {1}, true))));
            fork.release();
            assertEquals(15, decoder.available());
            other.release();
            other.release();
            assertEquals(23, decoder.available());
        }
    }

    @Test
    void aClearedSequenceStartsAgainAtPositionZero() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 2, 16, 8, 0), 11, 5, DataType.FLOAT);
        int[] tokens = randomTokens(12, 11, 5);
        try (Decoder decoder = model.decoder()) {
            Sequence sequence = open(decoder, 8);
            decoder.step(List.of(new Feed(sequence, Arrays.copyOf(tokens, 8), false)));
            sequence.clear();
            float[] logits = decoder.step(List.of(new Feed(sequence, Arrays.copyOfRange(tokens, 4, 12), true))).get(0);
            assertArrayEquals(model.graphLogits(Arrays.copyOfRange(tokens, 4, 12)), logits, TOLERANCE);
        }
    }

    @Test
    void badFeedsAreRefused() {
        GptModel model = GptModelFactory.create(new GptOptions(1, 2, 16, 8, 0), 11, 5, DataType.FLOAT);
        try (Decoder decoder = model.decoder(); Decoder another = model.decoder()) {
            Sequence sequence = open(decoder, 4);
            assertThrows(IllegalArgumentException.class, () -> decoder.step(List.of(new Feed(sequence, new int[] {11}, true))));
            assertThrows(IllegalArgumentException.class, () -> decoder.step(List.of(new Feed(sequence, new int[5], true))));
            assertThrows(IllegalArgumentException.class, () -> another.step(List.of(new Feed(sequence, new int[1], true))));
            assertThrows(IllegalArgumentException.class,
                    () -> decoder.step(List.of(new Feed(sequence, new int[1], true), new Feed(sequence, new int[1], true))));
            assertThrows(IllegalArgumentException.class, () -> decoder.open(9));
            assertNull(decoder.step(List.of(new Feed(sequence, new int[1], false))).get(0));
            sequence.release();
            assertThrows(IllegalArgumentException.class, () -> decoder.step(List.of(new Feed(sequence, new int[1], true))));
        }
    }

    @Test
    void aTrainingStepReachesTheNextDecoder() {
        GptModel model = GptModelFactory.create(new GptOptions(1, 2, 16, 8, 0), 11, 5, DataType.FLOAT);
        int[] tokens = randomTokens(3, 11, 2);
        float[] before = model.decoder().logitsAfter(tokens);
        var trainer = model.trainer(new AdamWOptimizerFactory().create(Config.empty().section("optimizer")), 1, 1);
        trainer.step(new Batch(1, 8, randomTokens(8, 11, 3), randomTokens(8, 11, 4)), new TrainingStep(0, 0.01, 1));
        float[] after = model.decoder().logitsAfter(tokens);
        assertFalse(Arrays.equals(before, after), "the decoder reads the trained weights, not a copy");
        assertArrayEquals(model.graphLogits(tokens), after, TOLERANCE);
    }
}
