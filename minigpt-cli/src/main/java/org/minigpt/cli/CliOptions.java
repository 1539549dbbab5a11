package org.minigpt.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;

/** Every option of every command, defined once; commands, built-in or plugged in, pick theirs. */
public final class CliOptions {
    static final String HELP = "help";
    static final String DEBUG = "debug";
    static final String CONFIG = "config";
    static final String SET = "set";
    public static final String DATA = "data";
    public static final String RUN = "run";
    static final String PROMPT = "prompt";
    static final String MAX_TOKENS = "max-tokens";
    static final String SEED = "seed";
    static final String STOP = "stop";
    static final String TEXTS = "texts";
    static final String PLUGINS = "plugins";
    static final String RESUME = "resume";
    static final String INIT_FROM = "init-from";
    static final String METRICS_PORT = "metrics-port";
    static final String CHECKPOINT = "checkpoint";

    private CliOptions() {
    }

    static Option help() {
        return Option.builder("h").longOpt(HELP).desc("show this help").build();
    }

    static Option debug() {
        return Option.builder().longOpt(DEBUG).desc("print stack traces of errors").build();
    }

    static Option config() {
        return Option.builder("c").longOpt(CONFIG).hasArg().argName("FILE")
                .desc("a .properties config file (keys such as model.layers=4, sampler=top-k)").build();
    }

    static Option set() {
        return Option.builder("s").longOpt(SET).hasArg().argName("KEY=VALUE")
                .desc("set one config key, over the config file; repeatable").build();
    }

    public static Option data() {
        return Option.builder("d").longOpt(DATA).hasArg().argName("FILE")
                .desc("UTF-8 text to train on (default: TinyShakespeare, downloaded once into $MINIGPT_HOME or ~/.cache/minigpt)")
                .build();
    }

    public static Option run(String description) {
        return Option.builder("r").longOpt(RUN).hasArg().argName("DIR").desc(description).build();
    }

    static Option prompt() {
        return Option.builder("p").longOpt(PROMPT).hasArg().argName("TEXT").desc("text to continue (default: a newline)").build();
    }

    static Option maxTokens() {
        return Option.builder("n").longOpt(MAX_TOKENS).hasArg().argName("N").desc("tokens to generate (default 200)").build();
    }

    static Option texts() {
        return Option.builder().longOpt(TEXTS).hasArg().argName("N")
                .desc("write N texts from the prompt, decoded together; text i is the one --seed SEED+i writes (default 1)")
                .build();
    }

    static Option seed() {
        return Option.builder().longOpt(SEED).hasArg().argName("N").desc("random seed: the same seed writes the same text").build();
    }

    static Option stop() {
        return Option.builder().longOpt(STOP).hasArg().argName("TEXT")
                .desc("stop before this text (\\n and \\t are understood); repeatable").build();
    }

    static Option plugins() {
        return Option.builder().longOpt(PLUGINS).hasArg().argName("DIR")
                .desc("a folder of plugin jars to load (default: plugins/ beside bin/)").build();
    }

    static Option resume() {
        return Option.builder().longOpt(RESUME).hasArg().argName("DIR")
                .desc("continue the run in DIR from its latest checkpoint; --set may change train.steps and the other"
                        + " schedule keys").build();
    }

    static Option initFrom() {
        return Option.builder().longOpt(INIT_FROM).hasArg().argName("RUN[@CHECKPOINT]")
                .desc("fine-tune: start a new run from RUN's weights (its best checkpoint, or best, latest or a step after @),"
                        + " keeping its tokenizer and model; optimizer and schedule from config as for any new run").build();
    }

    static Option metricsPort() {
        return Option.builder().longOpt(METRICS_PORT).hasArg().argName("PORT")
                .desc("serve metrics for Prometheus at http://127.0.0.1:PORT/metrics while training (0: any free port)")
                .build();
    }

    static Option checkpoint() {
        return Option.builder().longOpt(CHECKPOINT).hasArg().argName("NAME")
                .desc("which checkpoint: best (default; the lowest val loss), latest, or a step number").build();
    }

    /** The options every command has, plus {@code extra}. */
    public static Options with(Option... extra) {
        Options options = new Options().addOption(help()).addOption(debug()).addOption(plugins());
        for (Option option : extra) {
            options.addOption(option);
        }
        return options;
    }

    /** The config from {@code --config FILE} with every {@code --set KEY=VALUE} over it. */
    static Config configFrom(CommandLine line) {
        Config config = line.hasOption(CONFIG) ? Config.load(Path.of(line.getOptionValue(CONFIG))) : Config.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        String[] assignments = line.getOptionValues(SET);
        if (assignments != null) {
            for (String assignment : assignments) {
                Map.Entry<String, String> entry = Config.parseAssignment(assignment);
                overrides.put(entry.getKey(), entry.getValue());
            }
        }
        return config.with(overrides);
    }

    public static int intOption(CommandLine line, String name, int defaultValue, int min) {
        String raw = line.getOptionValue(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new MinigptException("--" + name + " must be an integer >= " + min + ", was '" + raw + "'");
        }
    }

    static long longOption(CommandLine line, String name, long defaultValue) {
        String raw = line.getOptionValue(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new MinigptException("--" + name + " must be an integer, was '" + raw + "'");
        }
    }
}
