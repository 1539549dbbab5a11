package org.minigpt.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;

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
        return DilocoOptions.from(new PluginConfig(DilocoOptions.SECTION, values));
    }
}
