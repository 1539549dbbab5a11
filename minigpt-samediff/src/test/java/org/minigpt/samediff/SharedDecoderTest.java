package org.minigpt.samediff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.minigpt.api.model.Decoder;
import org.minigpt.samediff.graph.GptOptions;
import org.nd4j.linalg.api.buffer.DataType;

class SharedDecoderTest {
    @Test
    void decodersOnManyThreadsAtOnceGiveTheModelsOwnLogits() throws Exception {
        GptModel model = GptModelFactory.create(new GptOptions(2, 2, 16, 8, 0.1), 11, 5, DataType.FLOAT);
        List<int[]> contexts = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 8; i++) {
            int[] context = new int[1 + random.nextInt(8)];
            for (int j = 0; j < context.length; j++) {
                context[j] = random.nextInt(11);
            }
            contexts.add(context);
        }
        List<float[]> expected = new ArrayList<>();
        for (int[] context : contexts) {
            // Each context's logits token by token, as generation asks for them.
            for (int length = 1; length <= context.length; length++) {
                expected.add(model.graphLogits(java.util.Arrays.copyOf(context, length)));
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int[] context : contexts) {
                results.add(threads.submit(() -> {
                    List<float[]> logits = new ArrayList<>();
                    try (Decoder decoder = model.decoder()) {
                        Decoder.Sequence sequence = decoder.open(context.length).orElseThrow();
                        for (int token : context) {
                            logits.add(decoder.step(List.of(new Decoder.Feed(sequence, new int[] {token}, true))).get(0));
                        }
                    }
                    return logits;
                }));
            }
            int index = 0;
            for (Future<List<float[]>> result : results) {
                for (float[] logits : result.get()) {
                    assertArrayEquals(expected.get(index++), logits, 1e-5f);
                }
            }
        } finally {
            threads.shutdown();
        }
    }
}
