package org.minigpt.serve;

import com.google.auto.service.AutoService;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.cli.Command;
import org.minigpt.cli.CommandFactory;

/** Registers {@code minigpt serve} with the CLI. */
@AutoService(CommandFactory.class)
public final class ServeCommandFactory implements CommandFactory {
    @Override
    public Command create(Plugins plugins) {
        return new ServeCommand(plugins);
    }
}
