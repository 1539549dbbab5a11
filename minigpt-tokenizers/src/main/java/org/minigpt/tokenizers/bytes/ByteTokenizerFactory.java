package org.minigpt.tokenizers.bytes;

import com.google.auto.service.AutoService;
import java.io.IOException;
import java.nio.file.Path;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TokenizerFactory;
import org.minigpt.tokenizers.TokenizerFile;

/** {@code tokenizer=byte}: UTF-8 bytes, 256 tokens, nothing to learn. */
@AutoService(TokenizerFactory.class)
public final class ByteTokenizerFactory implements TokenizerFactory {

    @Override
    public String name() {
        return ByteTokenizer.NAME;
    }

    @Override
    public String description() {
        return "one token per UTF-8 byte (256 tokens, any text)";
    }

    @Override
    public boolean encodesAnyText() {
        return true;
    }

    @Override
    public Tokenizer train(String trainingText, PluginConfig config) {
        return new ByteTokenizer();
    }

    @Override
    public Tokenizer load(Path runDir, PluginConfig config) throws IOException {
        TokenizerFile.read(runDir, ByteTokenizer.NAME);
        return new ByteTokenizer();
    }
}
