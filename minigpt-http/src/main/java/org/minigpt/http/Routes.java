package org.minigpt.http;

import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.minigpt.api.MinigptException;

/**
 * Jetty's handler for a {@link WebServer}'s endpoints: the route by exact path and method, then the endpoint on
 * this (blocking-allowed) thread. Every failure becomes the server's JSON error body, never a stack trace.
 */
final class Routes extends Handler.Abstract {
    private final Map<String, WebServer.Route> routes;
    private final WebServer.Route fallback;
    private final ErrorReplies errors;

    Routes(Map<String, WebServer.Route> routes, WebServer.Route fallback, ErrorReplies errors) {
        this.routes = routes;
        this.fallback = fallback;
        this.errors = errors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = (Exchange) request.getAttribute(Guarded.EXCHANGE);
        int status = serve(exchange);
        try {
            exchange.finish();
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            status = 499;
            callback.failed(e);
        }
        exchange.report(status);
        return true;
    }

    /** The route's name for metrics: its path, or {@code other} for paths without one. */
    String name(String path) {
        return routes.containsKey(path) ? path : "other";
    }

    /** Runs the exchange; returns the status it got, 499 when the client left before its reply. */
    private int serve(Exchange exchange) {
        try {
            WebServer.Route route = routes.getOrDefault(exchange.path(), fallback);
            if (route == null) {
                throw new HttpError(404, "no such endpoint: " + exchange.path());
            }
            if (!route.method().equals(exchange.method())) {
                exchange.setHeader("Allow", route.method());
                throw new HttpError(405, exchange.method() + " is not allowed here; use " + route.method());
            }
            route.endpoint().handle(exchange);
            return exchange.status();
        } catch (HttpError e) {
            return refuse(exchange, errors, e);
        } catch (MinigptException e) {
            return refuse(exchange, errors, new HttpError(400, e.getMessage()));
        } catch (IOException e) {
            return 499;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refuse(exchange, errors, new HttpError(503, "the server is stopping"));
        } catch (Exception e) {
            return refuse(exchange, errors, new HttpError(500, "internal error: " + e));
        }
    }

    static int refuse(Exchange exchange, ErrorReplies errors, HttpError error) {
        if (exchange.committed()) {
            return exchange.status(); // a stream already under way: the endpoint ends it
        }
        if (error.status() == 429 || error.status() == 503) {
            exchange.setHeader("Retry-After", "1");
        }
        try {
            exchange.sendJson(error.status(), errors.body(error));
            return error.status();
        } catch (IOException | RuntimeException e) {
            return 499;
        }
    }
}
