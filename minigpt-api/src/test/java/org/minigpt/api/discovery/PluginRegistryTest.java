package org.minigpt.api.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;

class PluginRegistryTest {
    /** A provider registered for this test through its own META-INF/services entry, made by AutoService. */
    @com.google.auto.service.AutoService(SamplerFactory.class)
    public static final class FirstTokenSamplerFactory implements SamplerFactory {
        @Override
        public String name() {
            return "first-token";
        }

        @Override
        public Sampler create(PluginConfig config) {
            return new Sampler() { };
        }
    }

    @Test
    void discoversProvidersRegisteredWithAutoService() {
        PluginRegistry<SamplerFactory> samplers =
                PluginRegistry.discover("sampler", SamplerFactory.class, getClass().getClassLoader());
        assertTrue(samplers.names().contains("first-token"), samplers.names().toString());
        assertSame(FirstTokenSamplerFactory.class, samplers.get("first-token").getClass());
        assertEquals(List.of(), samplers.problems());
    }

    @Test
    void anUnknownNameListsTheKnownOnesSorted() {
        PluginRegistry<SamplerFactory> samplers = PluginRegistry.of("sampler", named("top-k"), named("greedy"), named("temperature"));
        ConfigException e = assertThrows(ConfigException.class, () -> samplers.get("topk"));
        assertEquals("unknown sampler 'topk' (key sampler): known samplers are greedy, temperature, top-k", e.getMessage());
    }

    private static SamplerFactory named(String name) {
        return new SamplerFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Sampler create(PluginConfig config) {
                return new Sampler() { };
            }
        };
    }
}
