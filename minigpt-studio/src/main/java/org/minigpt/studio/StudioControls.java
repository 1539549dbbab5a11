package org.minigpt.studio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.Setting;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.CoreSettings;
import org.minigpt.core.Parts;
import org.minigpt.http.HttpError;

/**
 * The page's model, tokenizer and training controls, each the setting of a plugin or of core's {@code train.}
 * section found through its descriptor: the key, the type, the default, the help and the lower bound are the
 * descriptor's; the upper bound (and a few higher floors) are the page's own, so a slider cannot ask for a model
 * this machine cannot build in a moment. The plugins' own checks (heads dividing d_model, say) apply when the
 * config is used.
 */
final class StudioControls {
    private static final String TOKENIZER = "tokenizer";

    /** One control: its name on the page, its setting's full key and descriptor, and the page's bounds. */
    record Control(String name, String key, Setting<?> setting, double min, double max) {
        boolean integer() {
            return !setting.type().equals("number");
        }

        Map<String, Object> describe() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", name);
            json.put("key", key);
            json.put("default", setting.defaultValue());
            json.put("min", min);
            json.put("max", max);
            json.put("integer", integer());
            json.put("help", setting.help());
            return json;
        }
    }

    private final Map<String, Control> model = new LinkedHashMap<>();
    private final Map<String, Control> training = new LinkedHashMap<>();

    StudioControls(Plugins plugins) {
        List<Setting<?>> gpt = plugins.models().get(Parts.DEFAULT_MODEL).settings();
        add(model, "model", gpt, "layers", 1, 24);
        add(model, "model", gpt, "heads", 1, 64);
        add(model, "model", gpt, "d_model", 8, 1024);
        add(model, "model", gpt, "context_length", 4, 1024);
        add(model, "model", gpt, "dropout", 0, 0.9);
        add(model, TOKENIZER, plugins.tokenizers().get("bpe").settings(), "vocab_size", 0, 8192);
        List<Setting<?>> train = CoreSettings.sections().get("train");
        add(training, "train", train, "steps", 1, 100_000);
        add(training, "train", train, "batch_size", 1, 256);
        add(training, Plugins.OPTIMIZER, plugins.optimizers().get(Parts.DEFAULT_OPTIMIZER).settings(), "lr", 1e-6, 1);
    }

    /** Every control, for the page to set its inputs' bounds and help from. */
    List<Map<String, Object>> describe() {
        return java.util.stream.Stream.concat(model.values().stream(), training.values().stream()).map(Control::describe).toList();
    }

    /** The model and tokenizer settings of {@code request}; anything else is refused. */
    Config model(Map<String, String> request) {
        return config(request, model);
    }

    /** The model, tokenizer and training settings of {@code request}. */
    Config training(Map<String, String> request) {
        Map<String, Control> all = new LinkedHashMap<>(model);
        all.putAll(training);
        return config(request, all);
    }

    private static Config config(Map<String, String> request, Map<String, Control> controls) {
        Map<String, String> config = new LinkedHashMap<>();
        request.forEach((name, value) -> {
            if (name.equals(TOKENIZER)) {
                config.put(Plugins.TOKENIZER, value);
                return;
            }
            Control control = controls.get(name);
            if (control == null) {
                throw new HttpError(400, "unknown setting '" + name + "'; known: " + TOKENIZER + ", "
                        + String.join(", ", controls.keySet()));
            }
            double number = StudioSettings.number(name, value, control.min(), control.max(), control.integer());
            config.put(control.key(), control.integer() ? Long.toString((long) number) : Double.toString(number));
        });
        if (!"bpe".equals(config.get(Plugins.TOKENIZER))) {
            config.remove(controls.get("vocab_size").key()); // only a BPE has a vocabulary size to choose
        }
        return Config.of(config);
    }

    /** The control for {@code setting} under {@code section}, its floor the higher of the descriptor's and the page's. */
    private static void add(Map<String, Control> controls, String section, List<Setting<?>> settings, String name, double floor,
            double max) {
        Setting<?> setting = settings.stream().filter(candidate -> candidate.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(section + " has no setting " + name));
        double min = Math.max(floor, setting.range().min());
        controls.put(name, new Control(name, section + "." + name, setting, min, max));
    }
}
