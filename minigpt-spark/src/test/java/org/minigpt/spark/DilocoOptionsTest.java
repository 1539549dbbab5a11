package org.minigpt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.core.train.TrainOptions;

class DilocoOptionsTest {
    @Test
    void withoutAnEndTheOuterRateStaysPut() {
        DilocoOptions options = options(Map.of("outer_lr", "1.5"));
        assertEquals(1.5, options.outerLearningRateEnd());
        assertEquals(1.5, options.outerLearningRateAt(0));
        assertEquals(1.5, options.outerLearningRateAt(1));
    }

    @Test
    void theOuterRateMovesFromItsStartToItsEndAsTheWorkersRateDecays() {
        DilocoOptions options = options(Map.of("outer_lr", "1", "outer_lr_end", "2"));
        assertEquals(1, options.outerLearningRateAt(0));
        assertEquals(1.25, options.outerLearningRateAt(0.25), 1e-12);
        assertEquals(2, options.outerLearningRateAt(1));
    }

    @Test
    void theDefaultOuterRateGrowsWithTheRoundFromPlainAveragingAtTenStepsToOneAndAHalfAtFifty() {
        assertEquals(1, options(Map.of("inner_steps", "1")).outerLearningRate());
        assertEquals(1, options(Map.of("inner_steps", "10")).outerLearningRate());
        assertEquals(1 + 0.5 * Math.log(2) / Math.log(5), options(Map.of("inner_steps", "20")).outerLearningRate(), 1e-12);
        assertEquals(1.5, options(Map.of()).outerLearningRate(), 1e-12);
        assertEquals(1.5, options(Map.of("inner_steps", "200")).outerLearningRate());
        assertEquals(0.7, options(Map.of("inner_steps", "200", "outer_lr", "0.7")).outerLearningRate());
        assertEquals(1, options(Map.of("inner_steps", "10")).outerLearningRateEnd());
    }

    @Test
    void theRatesARunUsesAreSavedWithItEvenWhenTheyAreDefaults() {
        PluginConfig config = new PluginConfig(DilocoOptions.SECTION, Map.of("inner_steps", "10"));
        DilocoOptions.from(config, train(Map.of()), false);
        assertEquals("1.0", config.resolved().get("diloco.outer_lr"));
        assertEquals("1.0", config.resolved().get("diloco.outer_lr_end"));
        PluginConfig ending = new PluginConfig(DilocoOptions.SECTION, Map.of("outer_lr_end", "2"));
        DilocoOptions.from(ending, train(Map.of()), false);
        assertEquals("1.5", ending.resolved().get("diloco.outer_lr"));
        assertEquals("2", ending.resolved().get("diloco.outer_lr_end"));
    }

    @Test
    void synchronousStepsAreRoundsOfOneStepBeforeRoundsOfH() {
        DilocoOptions options = options(Map.of("sync_steps", "3", "inner_steps", "10"));
        assertEquals(1, options.roundEnd(0));
        assertEquals(3, options.roundEnd(2));
        assertEquals(13, options.roundEnd(3));
        assertEquals(23, options.roundEnd(13));
        assertEquals(1, options.round(0));
        assertEquals(4, options.round(3));
        assertEquals(5, options.round(13));
        assertEquals(true, options.synchronousAt(2));
        assertEquals(false, options.synchronousAt(3));
        assertEquals(0, options(Map.of("sync_steps", "0")).synchronousSteps());
        assertEquals(50, options(Map.of("sync_steps", "0")).roundEnd(0));
    }

    @Test
    void theWarmupIsSynchronousFromRandomWeightsUnlessTheLearningRateIsConstant() {
        assertEquals(100, options(Map.of()).synchronousSteps(), "train.warmup_steps' default");
        PluginConfig diloco = new PluginConfig(DilocoOptions.SECTION, Map.of());
        assertEquals(30, DilocoOptions.from(diloco, train(Map.of("warmup_steps", "30")), false).synchronousSteps());
        assertEquals("30", diloco.resolved().get("diloco.sync_steps"), "saved with the run");
        assertEquals(0, DilocoOptions.from(new PluginConfig(DilocoOptions.SECTION, Map.of()),
                train(Map.of("lr_schedule", "constant")), false).synchronousSteps());
        assertEquals(0, DilocoOptions.from(new PluginConfig(DilocoOptions.SECTION, Map.of()), train(Map.of()), true)
                .synchronousSteps(), "from trained weights");
        assertEquals(7, DilocoOptions.from(new PluginConfig(DilocoOptions.SECTION, Map.of("sync_steps", "7")), train(Map.of()),
                true).synchronousSteps(), "as asked");
    }

    @Test
    void aNonPositiveEndIsNamed() {
        assertEquals("diloco.outer_lr_end must be a number > 0, was 0.0",
                assertThrows(ConfigException.class, () -> options(Map.of("outer_lr_end", "0"))).getMessage());
    }

    @Test
    void theModelIsTheAverageUnlessAskedForTheOuterPoint() {
        assertEquals(true, options(Map.of()).modelIsAverage());
        assertEquals(false, options(Map.of("model", "outer")).modelIsAverage());
        assertEquals("diloco.model must be average or outer, was 'mean'",
                assertThrows(ConfigException.class, () -> options(Map.of("model", "mean"))).getMessage());
    }

    private static DilocoOptions options(Map<String, String> values) {
        return DilocoOptions.from(new PluginConfig(DilocoOptions.SECTION, values), train(Map.of()), false);
    }

    private static TrainOptions train(Map<String, String> values) {
        return TrainOptions.from(new PluginConfig(TrainOptions.SECTION, values));
    }
}
