package org.minigpt.samplers.logitbias;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.sampler.Sampler;
import org.minigpt.api.sampler.SamplerFactory;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.samplers.settings.QuotedList;

/**
 * {@code sampler=logit-bias}: {@code sampler.logit-bias.ids} as {@code ID=BIAS, ...} (e.g.
 * {@code 0=-5, 12=2}) and {@code .text} as {@code "TEXT"=BIAS, ...} (e.g. {@code "\n"=-3, "ROMEO"=2});
 * a bias is a number or {@code -inf}, which bans the token.
 */
@AutoService(SamplerFactory.class)
public final class LogitBiasSamplerFactory implements SamplerFactory {
    public static final String NAME = "logit-bias";
    public static final String IDS = "ids";
    public static final String TEXT = "text";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "adds a bias to the logits of tokens given by id (ids) or as text (text); -inf bans them";
    }

    /** Without a tokenizer only ids can be given, and they are not checked against the vocabulary. */
    @Override
    public Sampler create(PluginConfig config) {
        return create(config, null);
    }

    @Override
    public Sampler create(PluginConfig config, Tokenizer tokenizer) {
        List<LogitBiasSampler.Bias> biases = new ArrayList<>();
        String ids = config.string(IDS, "");
        for (String entry : ids.isBlank() ? new String[0] : ids.split(",", -1)) {
            String[] parts = entry.split("=", -1);
            if (parts.length != 2) {
                throw new ConfigException(config.key(IDS) + " has '" + entry.strip() + "' but needs ID=BIAS entries separated by"
                        + " commas, e.g. " + config.key(IDS) + "=0=-5,12=2");
            }
            int id = id(config.key(IDS), parts[0].strip(), tokenizer);
            biases.add(new LogitBiasSampler.Bias(new int[] {id}, bias(config.key(IDS), parts[1])));
        }
        String text = config.string(TEXT, "");
        if (!text.isBlank() && tokenizer == null) {
            throw new ConfigException(config.key(TEXT) + " needs the run's tokenizer; give token ids in " + config.key(IDS));
        }
        for (QuotedList.Item item : QuotedList.parse(config.key(TEXT), text, "\"\\n\"=-3,\"ROMEO\"=2")) {
            if (item.value() == null || item.text().isEmpty()) {
                throw new ConfigException(config.key(TEXT) + " needs \"TEXT\"=BIAS entries with non-empty texts, e.g. "
                        + config.key(TEXT) + "=\"\\n\"=-3,\"ROMEO\"=2");
            }
            biases.add(new LogitBiasSampler.Bias(encode(config.key(TEXT), item.text(), tokenizer), bias(config.key(TEXT), item.value())));
        }
        return new LogitBiasSampler(biases);
    }

    private static int id(String key, String raw, Tokenizer tokenizer) {
        int id;
        try {
            id = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " has the id '" + raw + "' but ids are whole numbers");
        }
        int limit = tokenizer == null ? Integer.MAX_VALUE : tokenizer.vocabSize();
        if (id < 0 || id >= limit) {
            throw new ConfigException(key + " has the id " + id + " but the run's tokens are 0 to " + (limit - 1));
        }
        return id;
    }

    private static double bias(String key, String raw) {
        String value = raw.strip();
        if (value.equalsIgnoreCase("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            double bias = Double.parseDouble(value);
            if (Double.isFinite(bias)) {
                return bias;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new ConfigException(key + " has the bias '" + value + "' but a bias is a finite number or -inf");
    }

    private static int[] encode(String key, String text, Tokenizer tokenizer) {
        try {
            return tokenizer.encode(text);
        } catch (MinigptException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }
}
