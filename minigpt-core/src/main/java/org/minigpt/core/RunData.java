package org.minigpt.core;

import java.io.IOException;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.internal.chat.ChatFile;
import org.minigpt.core.internal.chat.ChatOptions;
import org.minigpt.core.chat.ChatTemplate;
import org.minigpt.core.chat.ChatTokenizer;
import org.minigpt.core.internal.chat.ConversationBatches;
import org.minigpt.core.corpus.PreparedCorpus;
import org.minigpt.core.data.TextData;
import org.minigpt.core.data.TinyShakespeare;
import org.minigpt.core.data.TokenStream;
import org.minigpt.core.data.TextFiles;
import org.minigpt.core.data.TokenSplit;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.train.TrainOptions;

/**
 * A run's data read for a tokenizer it already has: a text, a prepared corpus of that tokenizer, or a chat file
 * for a tokenizer with the template's tokens.
 */
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
        if (PreparedCorpus.isFolder(file)) {
            PreparedCorpus corpus = PreparedCorpus.open(file);
            try {
                corpus.requireTokenizer(tokenizer, "this run");
            } catch (IOException e) {
                throw new MinigptException("cannot compare " + file + "'s tokenizer with the run's: " + e.getMessage());
            }
            return prepared(corpus, tokenizer, options, contextLength);
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
        return new TextData("", split, text.length(), tokenizer, contextLength, options.batchSize(), options.seed());
    }

    /** A prepared corpus's tokens, read from its shards, split by document where it can be. */
    static TextData prepared(PreparedCorpus corpus, Tokenizer tokenizer, TrainOptions options, int contextLength) {
        TokenStream tokens;
        try {
            tokens = corpus.tokens();
        } catch (IOException e) {
            throw new MinigptException("cannot read " + corpus.folder() + ": " + e.getMessage());
        }
        try {
            TokenSplit split = TokenSplit.of(tokens, corpus.documentStarts(), options.valFraction(), contextLength + 1);
            return new TextData(corpus.summary(), split, corpus.manifest().characters(), tokenizer, contextLength, options.batchSize(),
                    options.seed());
        } catch (RuntimeException e) {
            tokens.close();
            throw e;
        }
    }

    /** What a run records to know its data again: a file's SHA-256, or a prepared corpus's manifest's. */
    static String checksum(Path data) {
        return PreparedCorpus.isFolder(data) ? PreparedCorpus.checksum(data) : TinyShakespeare.sha256(data);
    }

    /** A text with a symbol the run's tokenizer cannot write. */
    static final class UnencodableText extends MinigptException {
        private static final long serialVersionUID = 1L;

        UnencodableText(String message) {
            super(message);
        }
    }
}
