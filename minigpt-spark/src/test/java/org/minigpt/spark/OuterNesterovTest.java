package org.minigpt.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.MinigptException;

class OuterNesterovTest {
    @TempDir
    Path dir;

    @Test
    void nesterovStepsAsPytorchsSgdComputesThem() {
        OuterNesterov outer = new OuterNesterov(0.9);
        float[] weights = {1f, -2f};
        outer.step(weights, new float[] {0.5f, 1f}, 0.7);
        // First step: buffer = g; update = g + 0.9 g.
        assertArrayEquals(new float[] {1f - 0.7f * 0.95f, -2f - 0.7f * 1.9f}, weights, 1e-6f);
        outer.step(weights, new float[] {0.1f, -1f}, 0.7);
        // Second: buffer = 0.9 * b + g = {0.55, -0.1}; update = g + 0.9 * buffer = {0.595, -1.09}.
        assertArrayEquals(new float[] {1f - 0.7f * 0.95f - 0.7f * 0.595f, -2f - 0.7f * 1.9f + 0.7f * 1.09f}, weights, 1e-6f);
    }

    @Test
    void learningRateOneWithoutMomentumLandsOnTheWorkersAverage() {
        OuterNesterov outer = new OuterNesterov(0);
        float[] start = {0.25f, 3f};
        float[] average = {0.125f, 2.5f}; // what the workers reached, on average
        float[] weights = start.clone();
        outer.step(weights, new float[] {start[0] - average[0], start[1] - average[1]}, 1);
        assertArrayEquals(average, weights, 1e-7f);
    }

    @Test
    void theVelocityIsSavedAndLoadedExactly() throws Exception {
        OuterNesterov outer = new OuterNesterov(0.9);
        outer.step(new float[] {1f, 2f, 3f}, new float[] {0.3f, -0.2f, 0.1f}, 0.7);
        outer.save(dir);
        OuterNesterov loaded = new OuterNesterov(0.9);
        loaded.load(dir, 3);
        float[] a = {1f, 1f, 1f};
        float[] b = {1f, 1f, 1f};
        outer.step(a, new float[] {0.5f, 0.5f, 0.5f}, 0.7);
        loaded.step(b, new float[] {0.5f, 0.5f, 0.5f}, 0.7);
        assertArrayEquals(a, b, 0f);
        MinigptException wrongSize = assertThrows(MinigptException.class, () -> new OuterNesterov(0.9).load(dir, 4));
        assertEquals(dir.resolve("outer-momentum.f32") + " holds 3 values for a model of 4 parameters", wrongSize.getMessage());
        Files.write(dir.resolve("outer-momentum.f32"), new byte[] {0, 0, 0, 3, 1});
        MinigptException truncated = assertThrows(MinigptException.class, () -> new OuterNesterov(0.9).load(dir, 3));
        assertEquals(dir.resolve("outer-momentum.f32") + " is truncated: the checkpoint is damaged", truncated.getMessage());
    }
}
