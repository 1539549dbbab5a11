package org.minigpt.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Setting;
import org.minigpt.api.discovery.PluginRegistry;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.plugin.PluginFactory;
import org.minigpt.core.CoreSettings;

/**
 * {@code minigpt settings [NAME]}: every setting of the installed plugins and of core's sections, from their
 * descriptors, with type, default, allowed values and a line of help; {@code --markdown} prints the table the
 * configuration reference holds.
 */
final class SettingsCommand implements Command {
    static final String MARKDOWN = "markdown";
    private final Plugins plugins;

    SettingsCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "settings";
    }

    @Override
    public String operands() {
        return "[NAME]";
    }

    @Override
    public String summary() {
        return "list every setting (of one plugin or section with NAME): key, type, default, allowed values, help";
    }

    @Override
    public Options options() {
        return CliOptions.with(Option.builder().longOpt(MARKDOWN).desc("print the configuration reference's table").build());
    }

    @Override
    public int run(CommandLine line, Console console) {
        String only = line.getArgList().isEmpty() ? null : line.getArgList().get(0);
        boolean markdown = line.hasOption(MARKDOWN);
        PrintStream out = console.out();
        if (markdown) {
            out.println("| key | default | allowed | meaning |");
            out.println("|---|---|---|---|");
        }
        boolean found = false;
        for (PluginRegistry<? extends PluginFactory> registry : plugins.all()) {
            for (PluginFactory plugin : registry.all().stream().sorted(Comparator.comparing(PluginFactory::name)).toList()) {
                if (only == null || only.equals(plugin.name())) {
                    boolean named = registry.kind().equals(Plugins.SAMPLER) || registry.kind().equals(Plugins.REWARD);
                    String prefix = named ? registry.kind() + "." + plugin.name() : registry.kind();
                    String chosenBy = registry.kind().equals(Plugins.REWARD) ? "rl.reward" : registry.kind();
                    print(out, markdown, chosenBy + "=" + plugin.name(), plugin.description(), prefix, plugin.settings());
                    found = true;
                }
            }
        }
        for (Map.Entry<String, List<Setting<?>>> section : CoreSettings.sections().entrySet()) {
            if (only == null || only.equals(section.getKey())) {
                print(out, markdown, section.getKey() + ".", "core", section.getKey(), section.getValue());
                found = true;
            }
        }
        // An engine's sections are its own page's table (docs/spark.md), so the reference lists them only by name.
        for (Map.Entry<String, Map<String, List<Setting<?>>>> engine : CoreSettings.engineSections().entrySet()) {
            for (Map.Entry<String, List<Setting<?>>> section : engine.getValue().entrySet()) {
                if (only == null ? !markdown : only.equals(section.getKey())) {
                    print(out, markdown, section.getKey() + ".", "train.engine=" + engine.getKey(), section.getKey(), section.getValue());
                    found = true;
                }
            }
        }
        if (!found) {
            throw new MinigptException("no plugin or section is called '" + only + "'; minigpt settings lists them all");
        }
        return ExitCode.OK;
    }

    private static void print(PrintStream out, boolean markdown, String title, String description, String prefix,
            List<Setting<?>> settings) {
        if (markdown) {
            settings.forEach(setting -> out.printf("| `%s.%s` | %s | %s | %s |%n", prefix, setting.name(),
                    setting.defaultText().isEmpty() ? "–" : "`" + setting.defaultText().replace("|", "\\|") + "`",
                    setting.allowed().replace("|", "\\|"), setting.help().replace("|", "\\|")));
            return;
        }
        out.println(title + (description.isEmpty() ? "" : "  (" + description + ")"));
        if (settings.isEmpty()) {
            out.println("  (no settings)");
        }
        settings.forEach(setting -> out.printf("  %-38s %-10s %-12s %-14s %s%n", prefix + "." + setting.name(), setting.type(),
                setting.defaultText().isEmpty() ? "\"\"" : setting.defaultText(), setting.allowed(), setting.help()));
    }
}
