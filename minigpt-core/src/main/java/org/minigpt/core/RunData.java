package org.minigpt.core;

import java.nio.file.Path;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.chat.ChatFile;
import org.minigpt.core.chat.ChatOptions;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.chat.ConversationBatches;
import org.minigpt.core.data.TextData;
import org.minigpt.core.data.TextFiles;
import org.minigpt.core.data.TokenSplit;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.train.TrainOptions;

/** A run's data file read for a tokenizer it already has: a text, or a chat file for a tokenizer with the template's tokens. */
final class RunData {
    private RunData() {
    }

    /**
     * @param chatSection the {@code chat.} keys, read only for a chat file
     * @throws MinigptException for text the tokenizer cannot encode, or a bad chat file
     */
    static TrainingData read(Path file, Tokenizer tokenizer, PluginConfig chatSection, TrainOptions options, int contextLength) {
        if (ChatFile.isChatData(file)) {
            if (!(tokenizer instanceof ChatTokenizer chat)) {
                throw new MinigptException(file + " is chat data, but this run's tokenizer has no chat tokens");
            }
            ChatOptions chatOptions = ChatOptions.from(chatSection);
            return ConversationBatches.of(file.toString(), ChatFile.read(file, chatOptions.skipBadLines()), new ChatTemplate(chat),
                    contextLength, options.batchSize(), options.valFraction(), options.seed(), chatOptions.skipBadLines());
        }
        String text = TextFiles.readUtf8(file);
        int[] tokens;
        try {
            tokens = tokenizer.encode(text);
        } catch (MinigptException e) {
            throw new UnencodableText(e.getMessage());
        }
        return text(text, tokens, tokenizer, options, contextLength);
    }

    static TextData text(String text, int[] tokens, Tokenizer tokenizer, TrainOptions options, int contextLength) {
        TokenSplit split = TokenSplit.of(tokens, options.valFraction(), contextLength + 1);
        return new TextData(split, text.length(), tokenizer, contextLength, options.batchSize(), options.seed());
    }

    /** A text with a symbol the run's tokenizer cannot write. */
    static final class UnencodableText extends MinigptException {
        private static final long serialVersionUID = 1L;

        UnencodableText(String message) {
            super(message);
        }
    }
}
