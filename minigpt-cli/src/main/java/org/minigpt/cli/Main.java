package org.minigpt.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.ParseException;
import org.minigpt.api.MinigptException;
import org.minigpt.api.discovery.Plugins;

/**
 * {@code minigpt <command> [options]}. Exit codes: 0 done, 1 an internal error, 2 a usage or input
 * error (one line on stderr; the stack trace only with {@code --debug}).
 */
public final class Main {
    private final Console console;

    public Main(Console console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(new Main(Console.system()).run(args));
    }

    public int run(String... args) {
        boolean debug = Arrays.asList(args).contains("--" + CliOptions.DEBUG);
        try {
            PluginJars.Loaded jars = PluginJars.classLoader(args, Main.class.getClassLoader());
            ClassLoader loader = jars.loader();
            Plugins plugins = Plugins.discover(loader);
            // A plugin that cannot be used says so whatever the command: a user selecting it would otherwise see only "unknown".
            jars.warnings().forEach(warning -> console.err().println("warning: " + warning));
            plugins.all().forEach(registry -> registry.problems().forEach(problem -> console.err().println("warning: " + problem)));
            Map<String, Command> commands = commands(plugins, loader);
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                printUsage(commands);
                return args.length == 0 ? ExitCode.USER_ERROR : ExitCode.OK;
            }
            Command command = commands.get(args[0]);
            if (command == null) {
                console.err().println("minigpt: unknown command '" + args[0] + "'; commands are " + String.join(", ", commands.keySet()));
                console.err().println("Run 'minigpt --help' for usage.");
                return ExitCode.USER_ERROR;
            }
            return run(command, Arrays.copyOfRange(args, 1, args.length));
        } catch (MinigptException e) {
            console.err().println("minigpt: " + CommandLineWording.of(e));
            if (debug) {
                e.printStackTrace(console.err());
            }
            return ExitCode.USER_ERROR;
        } catch (OutOfMemoryError e) {
            console.err().println("minigpt: out of memory (" + e.getMessage() + "); lower model.context_length or"
                    + " train.batch_size, or raise the launcher's budget (a share of this machine's memory), e.g."
                    + " MINIGPT_JAVA_OPTS=\"-Xmx2g -Dorg.bytedeco.javacpp.maxphysicalbytes=20g\" (checkpoints saved so far are kept)");
            if (debug) {
                e.printStackTrace(console.err());
            }
            return ExitCode.INTERNAL_ERROR;
        } catch (Exception | LinkageError e) {
            console.err().println("minigpt: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(console.err());
            }
            return ExitCode.INTERNAL_ERROR;
        }
    }

    private int run(Command command, String[] args) throws Exception {
        CommandLine line;
        try {
            line = new DefaultParser().parse(command.options(), args);
        } catch (ParseException e) {
            console.err().println("minigpt " + command.name() + ": " + e.getMessage());
            console.err().println("Run 'minigpt " + command.name() + " --help' for its options.");
            return ExitCode.USER_ERROR;
        }
        if (line.hasOption(CliOptions.HELP)) {
            printHelp(command);
            return ExitCode.OK;
        }
        if (line.getArgList().size() > (command.operands().isEmpty() ? 0 : 1)) {
            console.err().println("minigpt " + command.name() + ": unexpected argument '" + line.getArgList().get(0) + "'");
            console.err().println("Run 'minigpt " + command.name() + " --help' for its options.");
            return ExitCode.USER_ERROR;
        }
        return command.run(line, console);
    }

    private static Map<String, Command> commands(Plugins plugins, ClassLoader loader) {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command command : new Command[] {
            new TrainCommand(plugins), new GenerateCommand(plugins), new InfoCommand(plugins), new ParamsCommand(plugins),
            new TokenizeCommand(plugins), new PrepareCommand(plugins), new BenchCommand(plugins), new PluginsCommand(plugins),
            new SettingsCommand(plugins), new TasksCommand(plugins),
            new EvalCommand(plugins), new ChatCommand(plugins), new ExportCommand(plugins)
        }) {
            commands.put(command.name(), command);
        }
        // Plugin commands after the built-in ones, by name: the same order whatever the class path's.
        Map<String, Command> added = new java.util.TreeMap<>();
        for (CommandFactory factory : ServiceLoader.load(CommandFactory.class, loader)) {
            Command command = factory.create(plugins);
            added.putIfAbsent(command.name(), command);
        }
        added.forEach(commands::putIfAbsent);
        return commands;
    }

    private void printUsage(Map<String, Command> commands) {
        console.out().println("usage: minigpt <command> [options]");
        console.out().println();
        console.out().println("commands:");
        commands.values().forEach(command -> console.out().printf("  %-10s %s%n", command.name(), command.summary()));
        console.out().println();
        console.out().println("Run 'minigpt <command> --help' for a command's options.");
    }

    private void printHelp(Command command) {
        PrintWriter writer = new PrintWriter(console.out());
        new HelpFormatter().printHelp(writer, 100, "minigpt " + command.name() + " [options]"
                        + (command.operands().isEmpty() ? "" : " " + command.operands()),
                command.summary() + "\n\n", command.options(), 2, 3, "");
        writer.flush();
    }
}
