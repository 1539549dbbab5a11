package org.minigpt.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;

class LearningRateScheduleTest {
    private final LearningRateSchedule schedule = new LearningRateSchedule.WarmupCosine(1e-3, 1e-4, 100, 3000);

    @Test
    void warmupRisesLinearlyToThePeak() {
        assertEquals(1e-3 * 1 / 101, schedule.at(0), 1e-15);
        assertEquals(1e-3 * 50 / 101, schedule.at(49), 1e-15);
        assertEquals(1e-3 * 100 / 101, schedule.at(99), 1e-15);
        assertEquals(1e-3, schedule.at(100), 1e-15);
    }

    @Test
    void cosineFallsFromThePeakThroughTheMidpointToTheMinimum() {
        assertEquals(5.5e-4, schedule.at(1550), 1e-12, "half way: the mean of peak and minimum");
        assertEquals(1e-4 + 0.5 * (1 + Math.cos(Math.PI * 0.25)) * 9e-4, schedule.at(100 + 725), 1e-12);
        assertEquals(1e-4, schedule.at(3000), 1e-15);
        assertEquals(1e-4, schedule.at(5000), 1e-15, "after the end it stays at the minimum");
        for (int step = 101; step < 3000; step++) {
            assertTrue(schedule.at(step) < schedule.at(step - 1), "falls at every step " + step);
        }
    }

    @Test
    void decayedIsZeroThroughWarmupAndReachesOneAtTheMinimum() {
        assertEquals(0, schedule.decayed(0));
        assertEquals(0, schedule.decayed(99), "warmup is not decay");
        assertEquals(0, schedule.decayed(100), 1e-12);
        assertEquals(0.5, schedule.decayed(1550), 1e-12);
        assertEquals(1, schedule.decayed(3000), 1e-12);
        assertEquals(0, new LearningRateSchedule.WarmupCosine(1e-3, 1e-3, 0, 10).decayed(5), "a flat cosine never decays");
    }

    @Test
    void constantIsTheOptimizersRateAtEveryStep() {
        LearningRateSchedule constant = options(Map.of("lr_schedule", "constant")).schedule(3e-4);
        assertEquals(3e-4, constant.at(0));
        assertEquals(3e-4, constant.at(2999));
        assertEquals(0, constant.decayed(2999));
    }

    @Test
    void badScheduleKeysNameTheKeyAndTheAllowedValues() {
        assertEquals("train.lr_schedule must be cosine or constant, was 'linear'",
                assertThrows(ConfigException.class, () -> options(Map.of("lr_schedule", "linear"))).getMessage());
        assertEquals("train.min_lr (0.01) must not exceed the optimizer's learning rate (0.001)",
                assertThrows(ConfigException.class, () -> options(Map.of("min_lr", "0.01")).schedule(1e-3)).getMessage());
        assertEquals("train.grad_clip must be in [0.0, Infinity), was -1.0",
                assertThrows(ConfigException.class, () -> options(Map.of("grad_clip", "-1"))).getMessage());
        assertEquals("train.eval_interval must be an integer >= 1, was 0",
                assertThrows(ConfigException.class, () -> options(Map.of("eval_interval", "0"))).getMessage());
    }

    @Test
    void gradClipZeroTurnsClippingOff() {
        assertEquals(Double.POSITIVE_INFINITY, options(Map.of("grad_clip", "0")).maxGradientNorm());
        assertEquals(1.0, options(Map.of()).maxGradientNorm());
    }

    private static TrainOptions options(Map<String, String> values) {
        return TrainOptions.from(new PluginConfig("train", values));
    }
}
