package org.minigpt.tokenizers;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;

/**
 * {@code tokenizer.json} in a run directory: {@code {"tokenizer": NAME, ...}}, human-readable, with
 * whatever else the named tokenizer needs (e.g. its symbols).
 */
public final class TokenizerFile {
    public static final String FILE_NAME = "tokenizer.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerFile() {
    }

    /** A new document for tokenizer {@code name}, to add fields to and {@link #write}. */
    public static ObjectNode document(String name) {
        ObjectNode node = JSON.createObjectNode();
        node.put("tokenizer", name);
        return node;
    }

    public static void write(Path runDir, ObjectNode document) throws IOException {
        Path target = runDir.resolve(FILE_NAME);
        Path temp = runDir.resolve(FILE_NAME + ".tmp");
        JSON.writeValue(temp.toFile(), document);
        Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the run's document and checks it was written by tokenizer {@code name}. */
    public static JsonNode read(Path runDir, String name) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new MinigptException(file + " is missing: the run directory has no tokenizer");
        } catch (JacksonException e) {
            throw new MinigptException(file + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        String saved = node == null ? null : node.path("tokenizer").asText(null);
        if (!name.equals(saved)) {
            throw new MinigptException(file + " holds tokenizer '" + saved + "', not '" + name + "'");
        }
        return node;
    }
}
