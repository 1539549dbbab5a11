package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiLanguageModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.FinishReason;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LangChain4j's OpenAI models, as a Java application configures them, against a live server with an API key. */
class LangChain4jClientTest {
    private static final String KEY = "test-key";
    static ApiServer server;
    static String baseUrl;

    @BeforeAll
    static void start() throws Exception {
        server = TestRuns.server(2, 8, Optional.of(KEY));
        baseUrl = server.uri().resolve("/v1").toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theLanguageModelCompletesAPrompt() {
        OpenAiLanguageModel model = OpenAiLanguageModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName("base").temperature(0.0)
                .timeout(Duration.ofSeconds(60)).build();
        String text = model.generate("ROMEO:").content();
        assertTrue(!text.isEmpty(), "a completion");
        assertEquals(text, model.generate("ROMEO:").content(), "temperature 0 repeats");
    }

    @Test
    void theChatModelAnswersWithTheTunedReplyAndUsage() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName("tuned").temperature(0.0)
                .maxTokens(20).timeout(Duration.ofSeconds(60)).build();
        ChatResponse response = model.chat(dev.langchain4j.data.message.UserMessage.from("Who is there?"));
        assertEquals("Nay, answer me", response.aiMessage().text());
        assertEquals(FinishReason.STOP, response.finishReason());
        assertTrue(response.tokenUsage().inputTokenCount() > 0 && response.tokenUsage().outputTokenCount() > 0);
        OpenAiChatModel seeded = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName("base-is-not-chat").build();
        assertTrue(failureOf(() -> seeded.chat("Hi")).contains("not served here"), "an unknown model is the server's error");
    }

    @Test
    void theStreamingChatModelStreamsTheSameReply() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey(KEY).modelName("tuned")
                .temperature(0.0).maxTokens(20).timeout(Duration.ofSeconds(60)).build();
        StringBuilder partial = new StringBuilder();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat("Who is there?", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String text) {
                partial.append(text);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(60, TimeUnit.SECONDS);
        assertEquals("Nay, answer me", partial.toString());
        assertEquals("Nay, answer me", response.aiMessage().text());
        assertTrue(response.tokenUsage() != null && response.tokenUsage().outputTokenCount() > 0, "usage, as include_usage asks");
    }

    private static String failureOf(Runnable call) {
        try {
            call.run();
            return "";
        } catch (RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
