package org.minigpt.samplers.temperature;

import java.util.random.RandomGenerator;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Logits;
import org.minigpt.api.sampler.Sampler;

/** Draws from {@code softmax(logits / temperature)}: below 1 sharper, above 1 flatter. */
public record TemperatureSampler(double temperature) implements Sampler {
    public static final String VALUE = "value";
    public static final double DEFAULT_VALUE = 0.8;

    public TemperatureSampler {
        ConfigException.requirePositive("sampler.temperature.value", temperature);
    }

    static TemperatureSampler from(PluginConfig config) {
        double value = config.decimal(VALUE, DEFAULT_VALUE);
        ConfigException.requirePositive(config.key(VALUE), value);
        return new TemperatureSampler(value);
    }

    @Override
    public int sample(float[] logits, RandomGenerator rng) {
        return Logits.draw(Logits.softmax(logits, temperature), rng);
    }
}
