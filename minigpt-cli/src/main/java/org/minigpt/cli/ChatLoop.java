package org.minigpt.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.minigpt.api.MinigptException;

/**
 * The turns of {@code minigpt chat}: on a terminal, JLine's line editing and history, Ctrl-C stopping a reply
 * (not the session) and Ctrl-D leaving; through a pipe, plain lines until the input ends.
 */
final class ChatLoop {
    private final ChatSession session;
    private final Console console;

    ChatLoop(ChatSession session, Console console) {
        this.session = session;
        this.console = console;
    }

    int run() throws IOException {
        if (!console.interactive()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                handle(line, () -> false);
            }
            return 0;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("minigpt").build();
            AtomicBoolean interrupted = new AtomicBoolean();
            terminal.handle(Terminal.Signal.INT, signal -> interrupted.set(true));
            console.out().println("Talking to the run; /reset, /system TEXT, /set KEY=VALUE, /context; Ctrl-C stops a reply,"
                    + " Ctrl-D leaves.");
            while (true) {
                String line;
                try {
                    line = reader.readLine("you> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                interrupted.set(false);
                handle(line, interrupted::get);
            }
        }
    }

    private void handle(String line, java.util.function.BooleanSupplier stop) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        try {
            if (text.equals("/reset")) {
                session.reset();
                console.out().println("(conversation cleared)");
            } else if (text.startsWith("/system")) {
                session.system(text.substring("/system".length()).strip());
                console.out().println("(system message set)");
            } else if (text.startsWith("/set ")) {
                var assignment = org.minigpt.api.config.Config.parseAssignment(text.substring(5).strip());
                session.set(assignment.getKey(), assignment.getValue());
                console.out().println("(" + assignment.getKey() + "=" + assignment.getValue() + ")");
            } else if (text.equals("/context")) {
                console.out().println(session.context());
            } else if (text.startsWith("/")) {
                console.out().println("(commands: /reset, /system TEXT, /set KEY=VALUE, /context)");
            } else {
                session.say(text, console.out(), stop);
            }
        } catch (MinigptException e) {
            console.out().println("(" + e.getMessage() + ")");
        }
    }
}
