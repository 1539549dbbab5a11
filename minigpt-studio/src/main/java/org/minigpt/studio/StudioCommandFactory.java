package org.minigpt.studio;

import com.google.auto.service.AutoService;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.Command;
import org.minigpt.cli.CommandFactory;

/** Registers {@code minigpt studio} with the CLI. */
@AutoService(CommandFactory.class)
public final class StudioCommandFactory implements CommandFactory {
    @Override
    public Command create(Plugins plugins) {
        return new StudioCommand(plugins);
    }
}
