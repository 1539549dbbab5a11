package org.minigpt.api.sampler;

import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.plugin.PluginFactory;
import org.minigpt.api.tokenizer.Tokenizer;

/**
 * Makes {@link Sampler}s; selected by {@code sampler=<name>} or as one step of a chain
 * ({@code sampler=<a>,<b>}), configured under {@code sampler.<name>.} (e.g. {@code sampler.top-k.k=10}).
 */
public interface SamplerFactory extends PluginFactory {
    Sampler create(PluginConfig config);

    /**
     * A sampler for the text of a run with this tokenizer. Samplers whose settings are text (DRY's
     * sequence breakers, logit-bias's strings) override this to turn that text into token ids; the
     * default is {@link #create(PluginConfig)}.
     */
    default Sampler create(PluginConfig config, Tokenizer tokenizer) {
        return create(config);
    }

    /**
     * Whether its sampler only picks the token and never reshapes the logits ({@code greedy}): anywhere but last in a
     * chain it would do nothing, so a chain that puts it elsewhere is refused.
     */
    default boolean picksOnly() {
        return false;
    }
}
