package org.minigpt.tokenizers.bytes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.tokenizers.TokenizerFile;

/** One token per UTF-8 byte: a fixed vocabulary of 256 that encodes any text. */
public final class ByteTokenizer implements Tokenizer {
    /** The name {@code tokenizer=} gives, also written into {@code tokenizer.json}. */
    public static final String NAME = "byte";
    static final int VOCAB_SIZE = 256;

    @Override
    public int vocabSize() {
        return VOCAB_SIZE;
    }

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tokens[i] = bytes[i] & 0xFF;
        }
        return tokens;
    }

    @Override
    public String decode(int[] tokens) {
        byte[] bytes = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            bytes[i] = (byte) tokens[i];
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The 256 bytes, with no merges. */
    @Override
    public Optional<ByteLevelForm> byteLevelForm() {
        List<ByteLevelForm.Token> tokens = new ArrayList<>();
        for (int b = 0; b < VOCAB_SIZE; b++) {
            tokens.add(ByteLevelForm.Token.text(new byte[] {(byte) b}));
        }
        return Optional.of(new ByteLevelForm(tokens, List.of(), ByteLevelForm.Split.GPT2));
    }

    @Override
    public void save(Path runDir) throws IOException {
        TokenizerFile.write(runDir, TokenizerFile.document(NAME));
    }
}
