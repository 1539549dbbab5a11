package org.minigpt.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.minigpt.api.plugin.PluginFactory;
import org.minigpt.api.plugin.PluginRegistry;
import org.minigpt.api.plugin.Plugins;

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
        console.out().printf("%-10s %-12s %-22s %s%n", "kind", "name", "jar", "description");
        for (PluginRegistry<? extends PluginFactory> registry : plugins.all()) {
            for (PluginFactory plugin : registry.all()) {
                console.out().printf("%-10s %-12s %-22s %s%n", registry.kind(), plugin.name(), jarOf(plugin.getClass()),
                        plugin.description());
            }
            registry.problems().forEach(problem -> console.err().println("warning: " + problem));
        }
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
