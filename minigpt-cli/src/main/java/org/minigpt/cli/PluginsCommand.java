package org.minigpt.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.minigpt.api.plugin.PluginFactory;
import org.minigpt.api.discovery.PluginRegistry;
import org.minigpt.api.discovery.Plugins;

/** {@code minigpt plugins}: every discovered plugin by kind, with its class and jar. */
final class PluginsCommand implements Command {
    private final Plugins plugins;

    PluginsCommand(Plugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public String summary() {
        return "list the tokenizers, models, optimizers and samplers found";
    }

    @Override
    public Options options() {
        return CliOptions.with();
    }

    @Override
    public int run(CommandLine line, Console console) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"kind", "name", "jar", "description"});
        for (PluginRegistry<? extends PluginFactory> registry : plugins.all()) {
            for (PluginFactory plugin : registry.all()) {
                rows.add(new String[] {registry.kind(), plugin.name(), jarOf(plugin.getClass()), plugin.description()});
            }
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        String format = "%-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2] + "s  %s%n";
        rows.forEach(row -> console.out().printf(format, (Object[]) row));
        return 0;
    }

    static String jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            return "?";
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return location.getFileName().toString().equals("classes")
                    ? location.getParent().getParent().getFileName() + "/classes"
                    : location.getFileName().toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }
}
