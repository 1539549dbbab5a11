package org.minigpt.http;

/** The JSON body a server gives each refusal: the studio's {@code {"error": message}}, OpenAI's error object. */
@FunctionalInterface
public interface ErrorReplies {
    Object body(HttpError error);
}
