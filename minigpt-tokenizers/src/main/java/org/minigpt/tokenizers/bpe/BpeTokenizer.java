package org.minigpt.tokenizers.bpe;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.tokenizers.TokenizerFile;

/**
 * Byte-level BPE: ids 0-255 are bytes, id {@code 256 + i} is merge {@code i}, and the special tokens
 * come last. Encoding cuts the text at special tokens, then into chunks by the split pattern, and
 * merges each chunk's bytes by rank, lowest first, as GPT-2 does.
 */
public final class BpeTokenizer implements Tokenizer {
    /** The name {@code tokenizer=} gives, also written into {@code tokenizer.json}. */
    public static final String NAME = "bpe";
    public static final String END_OF_TEXT = "<|endoftext|>";
    private static final int CACHED_CHUNKS = 200_000;

    private final SplitPattern pattern;
    private final List<int[]> merges;
    private final Map<String, Integer> specials = new LinkedHashMap<>();
    private final Map<Long, Integer> ranks = new HashMap<>();
    private final byte[][] bytesOf;
    private final Map<String, int[]> chunkCache = new ConcurrentHashMap<>();

    BpeTokenizer(SplitPattern pattern, List<int[]> merges) {
        this.pattern = pattern;
        this.merges = List.copyOf(merges);
        int size = 256 + merges.size() + 1;
        bytesOf = new byte[size][];
        for (int b = 0; b < 256; b++) {
            bytesOf[b] = new byte[] {(byte) b};
        }
        for (int i = 0; i < merges.size(); i++) {
            int[] pair = merges.get(i);
            ranks.put(BpeTrainer.key(pair[0], pair[1]), i);
            byte[] left = bytesOf[pair[0]];
            byte[] right = bytesOf[pair[1]];
            byte[] joined = java.util.Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, joined, left.length, right.length);
            bytesOf[256 + i] = joined;
        }
        specials.put(END_OF_TEXT, size - 1);
        bytesOf[size - 1] = END_OF_TEXT.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return bytesOf.length;
    }

    /** The bytes token {@code id} stands for. */
    byte[] bytes(int id) {
        return bytesOf[id].clone();
    }

    List<int[]> merges() {
        return merges;
    }

    @Override
    public int[] encode(String text) {
        Ids ids = new Ids(text.length());
        int start = 0;
        for (int at = text.indexOf(END_OF_TEXT); at >= 0; at = text.indexOf(END_OF_TEXT, start)) {
            encodeOrdinary(text.substring(start, at), ids);
            ids.add(specials.get(END_OF_TEXT));
            start = at + END_OF_TEXT.length();
        }
        encodeOrdinary(text.substring(start), ids);
        return ids.toArray();
    }

    private void encodeOrdinary(String text, Ids ids) {
        for (String chunk : pattern.split(text)) {
            int[] cached = chunkCache.get(chunk);
            if (cached == null) {
                cached = encodeChunk(chunk);
                if (chunkCache.size() < CACHED_CHUNKS) { // a large corpus's rare words must not fill the heap
                    chunkCache.put(chunk, cached);
                }
            }
            for (int id : cached) {
                ids.add(id);
            }
        }
    }

    /** A growing array of ids: encoding a corpus boxes no Integer per token. */
    private static final class Ids {
        private int[] ids;
        private int size;

        Ids(int capacity) {
            ids = new int[Math.max(16, capacity / 2)];
        }

        void add(int id) {
            if (size == ids.length) {
                ids = java.util.Arrays.copyOf(ids, ids.length * 2);
            }
            ids[size++] = id;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(ids, size);
        }
    }

    private int[] encodeChunk(String chunk) {
        int[] word = BpeTrainer.bytesOf(chunk);
        while (word.length > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.length; i++) {
                best = Math.min(best, ranks.getOrDefault(BpeTrainer.key(word[i], word[i + 1]), Integer.MAX_VALUE));
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            int[] pair = merges.get(best);
            word = BpeTrainer.merge(word, pair[0], pair[1], 256 + best);
        }
        return word;
    }

    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(tokens.length * 3);
        for (int token : tokens) {
            bytes.writeBytes(bytesOf[token]);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Its bytes per id, {@code <|endoftext|>} as a special token, and the merges by rank. */
    @Override
    public Optional<ByteLevelForm> byteLevelForm() {
        List<ByteLevelForm.Token> tokens = new java.util.ArrayList<>();
        for (int id = 0; id < vocabSize(); id++) {
            tokens.add(specials.containsValue(id) ? ByteLevelForm.Token.special(END_OF_TEXT) : ByteLevelForm.Token.text(bytesOf[id]));
        }
        List<ByteLevelForm.Merge> pairs = merges.stream().map(pair -> new ByteLevelForm.Merge(bytesOf[pair[0]], bytesOf[pair[1]])).toList();
        return Optional.of(new ByteLevelForm(tokens, pairs, pattern.split()));
    }

    /**
     * {@code tokenizer.json}: the pattern, the merges in order as id pairs (what loading needs), the
     * special tokens, and every token's text for reading (bytes that are not UTF-8 as \xNN).
     */
    @Override
    public void save(Path runDir) throws IOException {
        ObjectNode document = TokenizerFile.document(NAME);
        document.put("pattern", pattern.configName());
        document.put("vocab_size", vocabSize());
        ObjectNode special = document.putObject("special_tokens");
        specials.forEach(special::put);
        ArrayNode mergeArray = document.putArray("merges");
        merges.forEach(pair -> mergeArray.addArray().add(pair[0]).add(pair[1]));
        ArrayNode tokens = document.putArray("tokens");
        for (int id = 0; id < vocabSize(); id++) {
            tokens.add(readable(bytesOf[id]));
        }
        TokenizerFile.write(runDir, document);
    }

    /** The token's text, with bytes that do not decode shown as \xNN. */
    static String readable(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            StringBuilder text = new StringBuilder();
            for (byte b : bytes) {
                text.append(b >= 0x20 && b < 0x7F ? Character.toString(b) : String.format("\\x%02X", b & 0xFF));
            }
            return text.toString();
        }
    }
}
