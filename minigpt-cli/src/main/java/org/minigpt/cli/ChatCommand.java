package org.minigpt.cli;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.Parts;
import org.minigpt.core.SavedRun;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.chat.Conversation;
import org.minigpt.core.chat.Message;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.RunDirectory;

/** {@code minigpt chat}: talk with an instruction-tuned run, a turn at a time, on a terminal or through a pipe. */
final class ChatCommand implements Command {
    static final String MESSAGE = "message";
    static final String SYSTEM = "system";
    static final String TEMPLATE = "template";

    private final Parts parts;

    ChatCommand(Plugins plugins) {
        this.parts = new Parts(plugins);
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String summary() {
        return "talk with an instruction-tuned run (/reset, /system TEXT, /set KEY=VALUE, /context; Ctrl-D leaves)";
    }

    @Override
    public Options options() {
        return CliOptions.with(CliOptions.run("the instruction-tuned run (required)"),
                Option.builder("m").longOpt(MESSAGE).hasArg().argName("TEXT").desc("answer this one message and exit").build(),
                Option.builder().longOpt(SYSTEM).hasArg().argName("TEXT").desc("a system message to start with").build(),
                Option.builder().longOpt(TEMPLATE).desc("print the chat template of a sample conversation and exit").build(),
                CliOptions.maxTokens(), CliOptions.seed(), CliOptions.checkpoint(), CliOptions.config(), CliOptions.set());
    }

    @Override
    public int run(CommandLine line, Console console) throws Exception {
        if (!line.hasOption(CliOptions.RUN)) {
            throw new MinigptException("chat needs --run DIR, an instruction-tuned run (minigpt train --init-from RUN --data chat.jsonl)");
        }
        RunDirectory run = RunDirectory.open(Path.of(line.getOptionValue(CliOptions.RUN)));
        ChatTokenizer tokenizer = chatTokenizer(run);
        ChatTemplate template = new ChatTemplate(tokenizer);
        if (line.hasOption(TEMPLATE)) {
            console.out().println(template.text(new Conversation(java.util.List.of(Message.system("Answer briefly."),
                    Message.user("Uppercase: king"), Message.assistant("KING")))));
            return 0;
        }
        if (!SavedRun.isInstructionTuned(run.config())) {
            throw new MinigptException(run.path() + " is not instruction-tuned, so it does not answer in turns; tune it first:"
                    + " minigpt train --init-from " + run.path() + " --data chat.jsonl --run NEW (or write with minigpt generate)");
        }
        Config user = CliOptions.configFrom(line);
        int maxTokens = CliOptions.intOption(line, CliOptions.MAX_TOKENS, Defaults.MAX_TOKENS, 1);
        long seed = CliOptions.longOption(line, CliOptions.SEED, new SplittableRandom().nextLong());
        try (SavedRun.Model saved = SavedRun.model(parts.plugins(), run, tokenizer,
                line.getOptionValue(CliOptions.CHECKPOINT, Checkpoints.BEST), note -> console.err().println("note: " + note))) {
            ChatSession session = new ChatSession(saved.model(), template, parts, run.config().with(samplerKeys(user)),
                    maxTokens, new SplittableRandom(seed), line.getOptionValue(SYSTEM));
            if (line.hasOption(MESSAGE)) {
                session.say(line.getOptionValue(MESSAGE), console.out(), () -> false);
                return 0;
            }
            return new ChatLoop(session, console).run();
        }
    }

    /** The run's tokenizer with the chat tokens (a base run's gains them, for --template). */
    private ChatTokenizer chatTokenizer(RunDirectory run) throws java.io.IOException {
        var tokenizer = SavedRun.tokenizer(parts.plugins(), run);
        return tokenizer instanceof ChatTokenizer chat ? chat : ChatTemplate.tokenizerFor(tokenizer);
    }

    private static java.util.Map<String, String> samplerKeys(Config user) {
        return SavedRun.samplerKeys(user, Config.empty(), (key, value) -> {
            throw new MinigptException("chat takes only sampler settings; " + key + " is the run's own");
        });
    }
}
