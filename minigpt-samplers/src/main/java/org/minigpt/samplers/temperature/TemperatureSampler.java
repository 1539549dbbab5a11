package org.minigpt.samplers.temperature;

import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Sampler;

/** Divides the logits by {@code temperature}: below 1 sharper, above 1 flatter. */
public record TemperatureSampler(double temperature) implements Sampler {
    public static final String VALUE = "value";
    public static final double DEFAULT_VALUE = 0.8;

    public TemperatureSampler {
        ConfigException.requirePositive("sampler.temperature.value", temperature);
    }

    static TemperatureSampler from(PluginConfig config) {
        return new TemperatureSampler(ConfigException.requirePositive(config.key(VALUE), config.decimal(VALUE, DEFAULT_VALUE)));
    }

    @Override
    public void reshape(float[] logits, int[] history) {
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (logits[i] / temperature);
        }
    }
}
