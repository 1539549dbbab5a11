package org.minigpt.http;

/**
 * One route's work. It may block (it runs on a thread of its own); an {@link HttpError} it throws becomes its error
 * reply, an {@link java.io.IOException} means the client left.
 */
@FunctionalInterface
public interface Endpoint {
    void handle(Exchange exchange) throws Exception;
}
