package org.minigpt.samplers.temperature;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Range;
import org.minigpt.api.config.Setting;
import org.minigpt.api.sampler.Sampler;

/** Divides the logits by {@code temperature}: below 1 sharper, above 1 flatter. */
public record TemperatureSampler(double temperature) implements Sampler {
    static final String SECTION = "sampler." + TemperatureSamplerFactory.NAME;
    static final Setting<Double> VALUE = Setting.decimal("value", 0.8, Range.positive(), "divide the logits by this");

    public TemperatureSampler {
        VALUE.check(SECTION, temperature);
    }

    static TemperatureSampler from(PluginConfig config) {
        return new TemperatureSampler(config.get(VALUE));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (logits[i] / temperature);
        }
    }
}
