package org.minigpt.core.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.RecomputingDecoder;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.tokenizers.bytes.ByteTokenizer;

/** Many completions stepped together give each the text it gets alone, within the sequence and cache limits. */
class CompletionSchedulerTest {
    private static final ByteTokenizer BYTES = new ByteTokenizer();
    private static final int WINDOW = 16;

    /** Draws from the softmax of the logits: the text depends on the logits and the random source. */
    private static final SamplerChain DRAW = new SamplerChain(List.of(new Sampler() {
        @Override
        public int pick(float[] logits, java.util.random.RandomGenerator rng) {
            double[] p = Logits.softmax(logits);
            double u = rng.nextDouble();
            for (int id = 0; id < p.length; id++) {
                u -= p[id];
                if (u <= 0) {
                    return id;
                }
            }
            return p.length - 1;
        }
    }));

    /** Logits that depend on every token of the context, among the letters a to h. */
    private static float[] logitsAfter(int[] context) {
        float[] logits = new float[256];
        Arrays.fill(logits, Float.NEGATIVE_INFINITY);
        int hash = Arrays.hashCode(context);
        for (int i = 0; i < 8; i++) {
            logits['a' + i] = ((hash >>> (i * 3)) & 7) / 2f;
        }
        return logits;
    }

    private static Decoder decoder(long capacity) {
        return new RecomputingDecoder(256, WINDOW, capacity, CompletionSchedulerTest::logitsAfter);
    }

    private static CompletionCursor cursor(String prompt, int maxTokens, long seed) {
        return Completion.ofText(BYTES, DRAW).start(BYTES.encode(prompt), maxTokens, List.of(), new SplittableRandom(seed),
                piece -> { });
    }

    private static String alone(String prompt, int maxTokens, long seed) {
        return Completion.ofText(BYTES, DRAW).run(decoder(WINDOW), BYTES.encode(prompt), maxTokens, List.of(),
                new SplittableRandom(seed), piece -> { }, () -> false).text();
    }

    @Test
    void requestsSteppedTogetherEachWriteTheTextTheyWriteAlone() {
        List<CompletionCursor> cursors = new ArrayList<>();
        int[] most = {0};
        CompletionScheduler scheduler = new CompletionScheduler(decoder(1000), 4, 5,
                (sequences, rows, reserved, capacity) -> most[0] = Math.max(most[0], sequences));
        for (int i = 0; i < 10; i++) {
            CompletionCursor cursor = cursor("prompt " + i + ":", 20 + i, i); // 9 prompt bytes, 29 tokens or more: past the window
            cursors.add(cursor);
            scheduler.submit(List.of(cursor), null);
        }
        scheduler.drain();
        for (int i = 0; i < 10; i++) {
            assertEquals(alone("prompt " + i + ":", 20 + i, i), cursors.get(i).result().text(), "request " + i);
        }
        assertEquals(4, most[0], "never more sequences than the limit, and the limit used");
        assertEquals(0, scheduler.sequences());
    }

    @Test
    void choicesShareTheirPromptComputedOnceAndEachEqualsItsOwnSeedAlone() {
        int[] rows = {0};
        CompletionScheduler scheduler = new CompletionScheduler(decoder(1000), 8, 64, (sequences, stepRows, reserved, capacity) ->
                rows[0] += stepRows);
        List<CompletionCursor> choices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            choices.add(cursor("ten bytes!", 5, 100 + i));
        }
        scheduler.submit(choices, null);
        scheduler.drain();
        for (int i = 0; i < 4; i++) {
            assertEquals(alone("ten bytes!", 5, 100 + i), choices.get(i).result().text(), "choice " + i);
        }
        assertEquals(10 + 4 * 4, rows[0], "the prompt once, then each choice's tokens but the last");
    }

    @Test
    void aFullCacheMakesRequestsWaitAndTheyAllFinish() {
        // Room for two sequences of a whole window at a time.
        CompletionScheduler scheduler = new CompletionScheduler(decoder(2 * WINDOW), 8, 64, (sequences, rows, reserved, capacity) ->
                assertTrue(reserved <= capacity && sequences <= 2, sequences + " sequences, " + reserved + " positions"));
        List<CompletionCursor> cursors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cursors.add(cursor("abc", 30, i));
            scheduler.submit(List.of(cursors.get(i)), null);
        }
        assertEquals(6, scheduler.waiting());
        scheduler.drain();
        for (int i = 0; i < 6; i++) {
            assertEquals(alone("abc", 30, i), cursors.get(i).result().text());
        }
        assertThrows(MinigptException.class, () -> scheduler.submit(List.of(cursor("abc", 30, 9), cursor("abc", 30, 10),
                cursor("abc", 30, 11)), null), "three windows never fit in two");
    }

    @Test
    void aCancelledRequestEndsAtTheNextStepAndFreesItsSequences() {
        Decoder decoder = decoder(100);
        CompletionScheduler scheduler = new CompletionScheduler(decoder, 4, 64, null);
        CompletionCursor kept = cursor("abc", 12, 1);
        CompletionCursor cut = cursor("abc", 12, 2);
        scheduler.submit(List.of(kept), null);
        CompletionRequest request = scheduler.submit(List.of(cut), null);
        scheduler.step();
        scheduler.step();
        request.cancel();
        scheduler.step();
        assertTrue(request.done());
        assertEquals(Completion.Finish.CANCELLED, cut.result().finish());
        assertEquals(1, scheduler.sequences());
        assertEquals(100 - 15, decoder.available(), "only the kept request's positions are reserved");
        scheduler.drain();
        assertEquals(alone("abc", 12, 1), kept.result().text());
        assertEquals(100, decoder.available());
    }

    @Test
    void aLongPromptIsTakenInChunksWhileOthersKeepDecoding() {
        List<Integer> rowsPerStep = new ArrayList<>();
        CompletionScheduler scheduler = new CompletionScheduler(decoder(1000), 4, 4, (sequences, rows, reserved, capacity) ->
                rowsPerStep.add(rows));
        CompletionCursor running = cursor("ab", 10, 1);
        scheduler.submit(List.of(running), null);
        scheduler.step();
        CompletionCursor longPrompt = cursor("prompt of 12", 3, 2);
        scheduler.submit(List.of(longPrompt), null);
        scheduler.drain();
        assertTrue(rowsPerStep.stream().allMatch(rows -> rows <= 4 + 1), "each step: at most 4 prompt tokens and a token: "
                + rowsPerStep);
        assertEquals(alone("prompt of 12", 3, 2), longPrompt.result().text());
        assertEquals(alone("ab", 10, 1), running.result().text());
    }
}
