package org.minigpt.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each kind of bad request: its status and OpenAI error body, and the server answering the next request as ever. */
class BadRequestsTest {
    static ApiServer server;
    static URI uri;

    @BeforeAll
    static void start() throws Exception {
        server = TestRuns.server(2, 4, Optional.empty());
        uri = server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/v1/completions | {not json | 400 | | the request body is not valid JSON",
        "/v1/completions | [1, 2] | 400 | | the request body must be a JSON object",
        "/v1/completions | {\"model\": \"base\"} | 400 | prompt | prompt is required: a string, a list of strings, or token ids",
        "/v1/completions | {\"model\": \"base\", \"prompt\": null} | 400 | prompt | prompt is required",
        "/v1/completions | {\"model\": \"base\", \"prompt\": []} | 400 | prompt | prompt takes 1 to 16 prompts",
        "/v1/completions | {\"model\": \"base\", \"prompt\": [3, -1]} | 400 | prompt | a prompt of token ids must be a non-empty list of whole numbers from 0",
        "/v1/completions | {\"model\": \"base\", \"prompt\": [[3], []]} | 400 | prompt | a prompt of token ids must be a non-empty list",
        "/v1/completions | {\"model\": \"base\", \"prompt\": [3, 100000]} | 400 | prompt | prompt token id 100000 is not in model 'base''s vocabulary of ",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"echo\": true} | 400 | echo | echo is not supported",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"suffix\": \"end\"} | 400 | suffix | suffix (text to insert before) is not supported",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"best_of\": 3} | 400 | best_of | best_of 3 is not supported: the server returns every choice it samples, so best_of may only equal n (1)",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}], \"tool_choice\": \"required\"} | 400 | tool_choice | tool_choice demands a tool call, and this server's models cannot call tools",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}], \"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"f\"}}} | 400 | tool_choice | tool_choice demands a tool call",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"response_format\": {\"type\": \"json_object\"}} | 400 | response_format | response_format json_object is not supported",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"modalities\": [\"text\", \"audio\"]} | 400 | modalities | modality 'audio' is not supported",
        "/v1/completions | {\"model\": \"base\", \"prompt\": 5} | 400 | prompt | prompt must be a string or a list of strings",
        "/v1/completions | {\"model\": \"gpt-4\", \"prompt\": \"Hi\"} | 400 | model | model 'gpt-4' is not served here; models: base, tuned",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"max_tokens\": 9999} | 400 | max_tokens | max_tokens 9999 is more than this server's cap of 256 tokens a request (minigpt serve --max-tokens)",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"max_tokens\": \"ten\"} | 400 | max_tokens | max_tokens must be a whole number from 1 to 2147483647",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"temperature\": 3} | 400 | temperature | temperature must be a number from 0 to 2",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"n\": 99} | 400 | n | n must be a whole number from 1 to 8",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"stop\": [\"a\", \"\"]} | 400 | stop | stop takes 1 to 4 non-empty strings",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"stream\": \"yes\"} | 400 | stream | stream must be true or false",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"\\u00e9t\\u00e9\"} | 400 | prompt | the char tokenizer never saw 'é' (U+00E9) in its training text; leave it out, or train with tokenizer=byte",
        "/v1/completions | {\"model\": \"base\", \"prompt\": \"Hi\", \"sampler\": \"top-q\"} | 400 | sampler | unknown sampler 'top-q'",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": []} | 400 | messages | messages must be a non-empty list of {\"role\", \"content\"}",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": [{\"role\": \"bot\", \"content\": \"Hi\"}]} | 400 | messages | messages: role 'bot' is not one of system, user, assistant",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": [{\"role\": \"user\", \"content\": 3}]} | 400 | messages | messages: each message needs its content as a string",
        "/v1/chat/completions | {\"model\": \"tuned\", \"messages\": [{\"role\": \"assistant\", \"content\": \"Hi\"}]} | 400 | messages | messages: message 1 is assistant where user must come",
        "/v1/chat/completions | {\"model\": \"base\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]} | 400 | model | model 'base' is not instruction-tuned, so it has no chat template; use /v1/completions with a prompt",
    })
    void aBadRequestIsAnOpenAiErrorAndTheNextRequestWorks(String path, String body, int status, String param, String message)
            throws Exception {
        HttpResponse<String> response = Client.post(uri, path, body);
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = Client.json(response).get("error");
        assertTrue(error.get("message").asText().startsWith(message), error.toString());
        assertEquals(param == null ? "" : param, error.get("param").asText(""), error.toString());
        assertEquals("invalid_request_error", error.get("type").asText());
        assertTrue(error.has("code"));
        assertEquals(200, Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"Hi\", \"max_tokens\": 3}")
                .statusCode(), "the server keeps serving");
    }

    @Test
    void aConversationPastTheWindowIsContextLengthExceededAndALongPromptReportsTheTokensItUsed() throws Exception {
        String long60 = "First letter of: " + "ox ".repeat(15);
        HttpResponse<String> chat = Client.post(uri, "/v1/chat/completions", "{\"model\": \"tuned\", \"messages\": [{\"role\": \"user\","
                + " \"content\": \"" + long60 + "\"}]}");
        assertEquals(400, chat.statusCode(), chat.body());
        JsonNode error = Client.json(chat).get("error");
        assertEquals("context_length_exceeded", error.get("code").asText(), error.toString());
        assertEquals("messages", error.get("param").asText(), error.toString());
        assertTrue(error.get("message").asText().startsWith("This model's maximum context length is 48 tokens"), error.toString());
        JsonNode completion = Client.json(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"" + long60
                + "\", \"max_tokens\": 3}"));
        assertEquals(48, completion.get("usage").get("prompt_tokens").asInt(), completion.toString());
        JsonNode capped = Client.json(Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"Hi\", \"max_tokens\": 5,"
                + " \"max_completion_tokens\": null, \"temperature\": 0}"));
        assertEquals(5, capped.get("usage").get("completion_tokens").asInt(), "a null max_completion_tokens leaves max_tokens: "
                + capped);
    }

    @Test
    void fieldsThatChangeNothingHereAreAcceptedAndNullIsAbsent() throws Exception {
        HttpResponse<String> chat = Client.post(uri, "/v1/chat/completions", "{\"model\": \"tuned\", \"messages\": [{\"role\":"
                + " \"user\", \"content\": \"Hi\"}], \"max_tokens\": 3, \"user\": \"u1\", \"metadata\": {\"a\": \"b\"}, \"store\": false,"
                + " \"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}], \"tool_choice\": \"auto\","
                + " \"response_format\": {\"type\": \"text\"}, \"seed\": null, \"temperature\": null, \"stop\": null, \"n\": null}");
        assertEquals(200, chat.statusCode(), chat.body());
        HttpResponse<String> completion = Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"Hi\","
                + " \"max_tokens\": 3, \"echo\": false, \"suffix\": null, \"best_of\": 2, \"n\": 2, \"user\": \"u1\"}");
        assertEquals(200, completion.statusCode(), completion.body());
        assertEquals(2, Client.json(completion).get("choices").size());
    }

    @Test
    void aPromptOfTokenIdsIsTheSameAsItsText() throws Exception {
        String text = "{\"model\": \"base\", \"prompt\": \"ROMEO:\", \"max_tokens\": 8, \"seed\": 5, \"temperature\": 0.8}";
        JsonNode byText = Client.json(Client.post(uri, "/v1/completions", text));
        int[] ids = TestRuns.baseTokenizer().encode("ROMEO:");
        String idList = java.util.Arrays.toString(ids);
        JsonNode byIds = Client.json(Client.post(uri, "/v1/completions", text.replace("\"ROMEO:\"", idList)));
        assertEquals(byText.get("choices").get(0).get("text"), byIds.get("choices").get(0).get("text"));
        assertEquals(ids.length, byIds.get("usage").get("prompt_tokens").asInt());
        JsonNode two = Client.json(Client.post(uri, "/v1/completions", text.replace("\"ROMEO:\"", "[" + idList + ", " + idList + "]")));
        assertEquals(2, two.get("choices").size());
        assertEquals(byText.get("choices").get(0).get("text"), two.get("choices").get(0).get("text"), "choice 0 has the seed itself");
    }

    @Test
    void aBodyPastTheCapIs413AndUnknownPathsAndMethodsAreRefused() throws Exception {
        HttpResponse<String> large = Client.post(uri, "/v1/completions", "{\"prompt\": \"" + "a".repeat(Api.MAX_BODY_BYTES) + "\"}");
        assertEquals(413, large.statusCode());
        assertEquals("request_too_large", Client.json(large).get("error").get("code").asText());
        assertEquals(404, Client.get(uri, "/v2/anything").statusCode());
        HttpResponse<String> wrongMethod = Client.get(uri, "/v1/completions");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET is not allowed here; use POST", Client.json(wrongMethod).get("error").get("message").asText());
    }

    @Test
    void settingsThatBanEveryTokenAreA400BeforeAnyStream() throws Exception {
        int vocabulary = org.minigpt.core.SavedRun.tokenizer(org.minigpt.api.discovery.Plugins.discover(getClass().getClassLoader()),
                org.minigpt.core.run.RunDirectory.open(TestRuns.dir().resolve("base"))).vocabSize();
        StringBuilder bans = new StringBuilder();
        for (int id = 0; id < vocabulary; id++) {
            bans.append(id == 0 ? "" : ", ").append('"').append(id).append("\": -100");
        }
        HttpResponse<String> response = Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"Hi\", \"stream\": true,"
                + " \"logit_bias\": {" + bans + "}}");
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = Client.json(response).get("error");
        assertEquals("logit_bias", error.get("param").asText());
        assertTrue(error.get("message").asText().startsWith("the sampler settings leave no token to choose"), error.toString());
        assertEquals(200, Client.post(uri, "/v1/completions", "{\"model\": \"base\", \"prompt\": \"Hi\", \"max_tokens\": 3,"
                + " \"logit_bias\": {\"0\": -100}}").statusCode());
    }
}
