package org.minigpt.core.internal.rl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.Config;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.reward.RewardContext;
import org.minigpt.api.sampler.SamplerChain;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.Parts;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.ChatReply;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.internal.chat.ChatFile;
import org.minigpt.core.internal.chat.ChatOptions;
import org.minigpt.core.tasks.Rewards;
import org.minigpt.core.generate.Completion;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.StepDriver;
import org.minigpt.core.train.TrainOptions;
import org.minigpt.core.train.TrainingEngine;

/** Assembles a {@code train.objective=rl} run's steps: its questions, rewards and samplers, all checked before it writes. */
public final class Reinforcement {
    private Reinforcement() {
    }

    /**
     * The policy-gradient steps for a run on the task file {@code dataFile}, and the sections they read.
     *
     * @throws MinigptException when the run is not an instruction-tuned one on a task file, or its settings cannot be used
     */
    public static TrainingEngine.Driver driver(Parts parts, Config config, TrainOptions options, LearningRateSchedule schedule,
            ModelTrainer trainer,
            LanguageModel model, Tokenizer tokenizer, Path dataFile) {
        if (!ChatFile.isChatData(dataFile) || !(tokenizer instanceof ChatTokenizer chat)) {
            throw new MinigptException("train.objective=rl learns from the questions of a task file: start from an"
                    + " instruction-tuned run with --init-from RUN and give --data tasks.jsonl (docs/rl.md)");
        }
        if (!options.engine().equals(TrainOptions.LOCAL_ENGINE)) {
            throw new ConfigException("train.objective=rl runs in this process only; leave train.engine at local");
        }
        PluginConfig section = config.section(RlOptions.SECTION);
        RlOptions rl = RlOptions.from(section);
        ChatTemplate template = new ChatTemplate(chat);
        PluginConfig chatSection = config.section(ChatOptions.SECTION);
        List<ChatExample> examples = new ArrayList<>();
        for (ChatExample example : ChatFile.read(dataFile, ChatOptions.from(chatSection).skipBadLines()).examples()) {
            if (template.render(example.conversation()).tokens().length <= model.contextLength() + 1) {
                examples.add(example);
            }
        }
        RlQuestions questions = RlQuestions.of(dataFile.toString(), examples, options.valFraction(), template,
                model.contextLength(), rl);
        Rewards rewards = Rewards.of(parts.plugins(), rl.reward(), config, new RewardContext(dataFile), questions.tasks());
        questions.firstOfEachTask().forEach(question -> rewards.score(question, question.expected())); // a broken reward fails now
        Completion sampling = ChatReply.completion(template, sampler(parts, chat, "temperature",
                Map.of(Plugins.SAMPLER + ".temperature.value", Double.toString(rl.temperature()))));
        Completion greedy = ChatReply.completion(template, sampler(parts, chat, "greedy", Map.of()));
        StepDriver steps = new PolicyGradientSteps(trainer, model, template, sampling, greedy, questions, rl, rewards,
                schedule, options.maxGradientNorm(), options.seed());
        List<PluginConfig> read = new ArrayList<>(List.of(section, chatSection));
        read.addAll(rewards.read());
        return new TrainingEngine.Driver(steps, read);
    }

    private static SamplerChain sampler(Parts parts, Tokenizer tokenizer, String name, Map<String, String> settings) {
        Map<String, String> keys = new java.util.HashMap<>(settings);
        keys.put(Plugins.SAMPLER, name);
        return parts.samplerChain(Config.of(keys), tokenizer);
    }
}
