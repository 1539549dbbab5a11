package org.minigpt.serve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minigpt.core.generate.Completion;

/** The OpenAI API's response shapes for completions and chat completions, whole and streamed. */
final class Responses {
    private final boolean chat;
    private final String id;
    private final long created;
    private final String model;

    Responses(boolean chat, String id, long created, String model) {
        this.chat = chat;
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** A whole reply: every choice, with usage. */
    Map<String, Object> whole(List<Map<String, Object>> choices, Map<String, Object> usage) {
        Map<String, Object> reply = head(chat ? "chat.completion" : "text_completion");
        reply.put("choices", choices);
        reply.put("usage", usage);
        return reply;
    }

    Map<String, Object> choice(int index, String text, List<Completion.Token> tokens, boolean logprobs, String finish) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        if (chat) {
            choice.put("message", Map.of("role", "assistant", "content", text));
        } else {
            choice.put("text", text);
        }
        choice.put("logprobs", logprobs ? logprobs(tokens, 0) : null);
        choice.put("finish_reason", finish);
        return choice;
    }

    /** A streamed chunk of one choice: its new text (for chat, a delta; the first carries the role). */
    Map<String, Object> chunk(int index, String text, List<Completion.Token> tokens, boolean logprobs, int textOffset,
            boolean first) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        if (chat) {
            Map<String, Object> delta = new LinkedHashMap<>();
            if (first) {
                delta.put("role", "assistant");
            }
            delta.put("content", text);
            choice.put("delta", delta);
        } else {
            choice.put("text", text);
        }
        choice.put("logprobs", logprobs && !tokens.isEmpty() ? logprobs(tokens, textOffset) : null);
        choice.put("finish_reason", null);
        return streamed(List.of(choice));
    }

    /** The last chunk of one choice: no text, its finish reason. */
    Map<String, Object> finished(int index, String finish) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", index);
        if (chat) {
            choice.put("delta", Map.of());
        } else {
            choice.put("text", "");
        }
        choice.put("logprobs", null);
        choice.put("finish_reason", finish);
        return streamed(List.of(choice));
    }

    /** The chunk after the last choice when the client asked for usage: no choices. */
    Map<String, Object> usageChunk(Map<String, Object> usage) {
        Map<String, Object> chunk = streamed(List.of());
        chunk.put("usage", usage);
        return chunk;
    }

    static Map<String, Object> usage(int prompt, int completion) {
        Map<String, Object> usage = new LinkedHashMap<>();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return usage;
    }

    static String finishReason(Completion.Finish finish) {
        return finish == Completion.Finish.LENGTH ? "length" : "stop";
    }

    private Map<String, Object> streamed(List<Map<String, Object>> choices) {
        Map<String, Object> chunk = head(chat ? "chat.completion.chunk" : "text_completion");
        chunk.put("choices", choices);
        return chunk;
    }

    private Map<String, Object> head(String object) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("id", id);
        head.put("object", object);
        head.put("created", created);
        head.put("model", model);
        return head;
    }

    /** Chat: {@code {"content": [{token, logprob, bytes, top_logprobs}]}}; completions: the legacy parallel lists. */
    private Object logprobs(List<Completion.Token> tokens, int textOffset) {
        if (chat) {
            List<Map<String, Object>> content = new ArrayList<>();
            for (Completion.Token token : tokens) {
                Map<String, Object> entry = entry(token.text(), token.logprob());
                List<Map<String, Object>> top = new ArrayList<>();
                token.top().forEach(alternative -> top.add(entry(alternative.text(), alternative.logprob())));
                entry.put("top_logprobs", top);
                content.add(entry);
            }
            return Map.of("content", content);
        }
        List<String> texts = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Map<String, Double>> tops = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        int offset = textOffset;
        for (Completion.Token token : tokens) {
            texts.add(token.text());
            values.add(token.logprob());
            Map<String, Double> top = new LinkedHashMap<>();
            token.top().forEach(alternative -> top.putIfAbsent(alternative.text(), alternative.logprob()));
            tops.add(top);
            offsets.add(offset);
            offset += token.text().length();
        }
        Map<String, Object> logprobs = new LinkedHashMap<>();
        logprobs.put("tokens", texts);
        logprobs.put("token_logprobs", values);
        logprobs.put("top_logprobs", tops);
        logprobs.put("text_offset", offsets);
        return logprobs;
    }

    private static Map<String, Object> entry(String token, double logprob) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("token", token);
        entry.put("logprob", logprob);
        List<Integer> bytes = new ArrayList<>();
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            bytes.add(b & 0xFF);
        }
        entry.put("bytes", bytes);
        return entry;
    }
}
