package org.minigpt.samplers.logitbias;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.config.Setting;
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
    static final Setting<String> IDS = Setting.text("ids", "", "ID=BIAS entries separated by commas, e.g. 0=-5,12=2 (-inf bans)");
    static final Setting<String> TEXT = Setting.text("text", "",
            "\"TEXT\"=BIAS entries separated by commas: the bias goes to each token of the text");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "adds a bias to the logits of tokens given by id (ids) or as text (text); -inf bans them";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(IDS, TEXT);
    }

    /** Without a tokenizer only ids can be given, and they are not checked against the vocabulary. */
    @Override
    public Sampler create(PluginConfig config) {
        return create(config, null);
    }

    @Override
    public Sampler create(PluginConfig config, Tokenizer tokenizer) {
        List<LogitBiasSampler.Bias> biases = new ArrayList<>();
        String ids = config.get(IDS);
        for (String entry : ids.isBlank() ? new String[0] : ids.split(",", -1)) {
            String[] parts = entry.split("=", -1);
            if (parts.length != 2) {
                throw new ConfigException(config.key(IDS.name()) + " has '" + entry.strip() + "' but needs ID=BIAS entries separated by"
                        + " commas, e.g. " + config.key(IDS.name()) + "=0=-5,12=2");
            }
            int id = id(config.key(IDS.name()), parts[0].strip(), tokenizer);
            biases.add(new LogitBiasSampler.Bias(new int[] {id}, bias(config.key(IDS.name()), parts[1])));
        }
        String text = config.get(TEXT);
        if (!text.isBlank() && tokenizer == null) {
            throw new ConfigException(config.key(TEXT.name()) + " needs the run's tokenizer; give token ids in " + config.key(IDS.name()));
        }
        for (QuotedList.Item item : QuotedList.parse(config.key(TEXT.name()), text, "\"\\n\"=-3,\"ROMEO\"=2")) {
            if (item.value() == null || item.text().isEmpty()) {
                throw new ConfigException(config.key(TEXT.name()) + " needs \"TEXT\"=BIAS entries with non-empty texts, e.g. "
                        + config.key(TEXT.name()) + "=\"\\n\"=-3,\"ROMEO\"=2");
            }
            biases.add(new LogitBiasSampler.Bias(encode(config.key(TEXT.name()), item.text(), tokenizer), bias(config.key(TEXT.name()), item.value())));
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
