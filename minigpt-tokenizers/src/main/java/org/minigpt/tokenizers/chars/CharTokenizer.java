package org.minigpt.tokenizers.chars;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.minigpt.api.MinigptException;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TrainingCorpus;
import org.minigpt.tokenizers.TokenizerFile;

/** One token per code point of a fixed alphabet, ids in code-point order. */
public final class CharTokenizer implements Tokenizer {
    /** The name {@code tokenizer=} gives, also written into {@code tokenizer.json}. */
    public static final String NAME = "char";
    private final int[] symbols;
    private final Map<Integer, Integer> ids = new HashMap<>();
    /** The ids of the alphabet's UTF-16 code units that are whole code points, -1 for the rest: the fast path of encode. */
    private final int[] charIds = new int[Character.MAX_VALUE + 1];

    /** {@code symbols}: distinct code points, ascending. */
    CharTokenizer(int[] symbols) {
        this.symbols = symbols.clone();
        Arrays.fill(charIds, -1);
        for (int id = 0; id < symbols.length; id++) {
            ids.put(symbols[id], id);
            if (symbols[id] <= Character.MAX_VALUE && !Character.isSurrogate((char) symbols[id])) {
                charIds[symbols[id]] = id;
            }
        }
    }

    /** The tokenizer whose alphabet is every code point in {@code text}. */
    static CharTokenizer learn(String text) {
        int[] alphabet = text.codePoints().distinct().sorted().toArray();
        if (alphabet.length == 0) {
            throw new MinigptException("the char tokenizer needs a non-empty training text");
        }
        return new CharTokenizer(alphabet);
    }

    @Override
    public int vocabSize() {
        return symbols.length;
    }

    /** The tokenizer whose alphabet is every code point {@code corpus} holds, in one pass that only counts. */
    static CharTokenizer learn(TrainingCorpus corpus) {
        BitSet seen = new BitSet(Character.MAX_CODE_POINT + 1);
        corpus.forEachPiece(piece -> {
            for (int i = 0; i < piece.length(); i++) {
                char c = piece.charAt(i);
                if (Character.isSurrogate(c)) {
                    int codePoint = piece.codePointAt(i);
                    seen.set(codePoint);
                    i += Character.charCount(codePoint) - 1;
                } else {
                    seen.set(c);
                }
            }
        });
        if (seen.isEmpty()) {
            throw new MinigptException("the char tokenizer needs a non-empty training text");
        }
        return new CharTokenizer(seen.stream().toArray());
    }

    @Override
    public int[] encode(String text) {
        int[] tokens = new int[text.length()];
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            int id = charIds[text.charAt(i)];
            if (id < 0) {
                int codePoint = text.codePointAt(i);
                i += Character.charCount(codePoint) - 1;
                id = idOf(codePoint);
            }
            tokens[count++] = id;
        }
        return count == tokens.length ? tokens : Arrays.copyOf(tokens, count);
    }

    private int idOf(int codePoint) {
        Integer id = ids.get(codePoint);
        if (id == null) {
            throw new MinigptException("the char tokenizer never saw " + describe(codePoint)
                    + " in its training text; leave it out, or train with tokenizer=byte");
        }
        return id;
    }

    @Override
    public String decode(int[] tokens) {
        StringBuilder text = new StringBuilder(tokens.length);
        for (int token : tokens) {
            text.appendCodePoint(symbols[token]);
        }
        return text.toString();
    }

    /**
     * Each character as its UTF-8 bytes; a character of several bytes comes with the merges that join them
     * (never across characters: a lead byte only starts one), so byte-level BPE gives it one token as here.
     */
    @Override
    public Optional<ByteLevelForm> byteLevelForm() {
        List<ByteLevelForm.Token> tokens = new ArrayList<>();
        Map<String, ByteLevelForm.Merge> merges = new LinkedHashMap<>();
        for (int symbol : symbols) {
            byte[] bytes = Character.toString(symbol).getBytes(StandardCharsets.UTF_8);
            tokens.add(ByteLevelForm.Token.text(bytes));
            for (int end = 2; end <= bytes.length; end++) {
                byte[] left = Arrays.copyOf(bytes, end - 1);
                byte[] right = {bytes[end - 1]};
                merges.putIfAbsent(HexFormat.of().formatHex(Arrays.copyOf(bytes, end)), new ByteLevelForm.Merge(left, right));
            }
        }
        // GPT-2's split never cuts a character, and merges never cross one: any split gives the same tokens.
        return Optional.of(new ByteLevelForm(tokens, List.copyOf(merges.values()), ByteLevelForm.Split.GPT2));
    }

    /** The alphabet, ascending. */
    int[] symbols() {
        return symbols.clone();
    }

    @Override
    public void save(Path runDir) throws IOException {
        ObjectNode document = TokenizerFile.document(NAME);
        ArrayNode array = document.putArray("symbols");
        Arrays.stream(symbols).forEach(codePoint -> array.add(Character.toString(codePoint)));
        TokenizerFile.write(runDir, document);
    }

    private static String describe(int codePoint) {
        String hex = String.format("U+%04X", codePoint);
        return Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)
                ? hex
                : "'" + Character.toString(codePoint) + "' (" + hex + ")";
    }
}
