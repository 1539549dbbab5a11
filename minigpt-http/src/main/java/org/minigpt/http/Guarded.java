package org.minigpt.http;

import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The outermost handler of a {@link WebServer}: the {@link RequestGuard} refuses before anything else runs (a
 * preflight from an origin not allowed included), and every response is told to the listener once it has ended.
 */
final class Guarded extends Handler.Wrapper {
    /** The request's {@link Exchange}, for the routes. */
    static final String EXCHANGE = "org.minigpt.http.exchange";

    private final RequestGuard guard;
    private final Routes routes;
    private final ErrorReplies errors;
    private final WebServer.ResponseListener listener;
    private final Duration bodyTimeout;

    Guarded(RequestGuard guard, Routes routes, ErrorReplies errors, WebServer.ResponseListener listener, Duration bodyTimeout) {
        this.guard = guard;
        this.routes = routes;
        this.errors = errors;
        this.listener = listener;
        this.bodyTimeout = bodyTimeout;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String route = routes.name(request.getHttpURI().getPath());
        Exchange exchange = new Exchange(request, response, bodyTimeout, status -> listener.responded(route, status));
        // A preflight answered by the CORS handler never reaches the routes: it is counted when it ends.
        Request.addCompletionListener(request, failure -> exchange.report(failure != null ? 499 : exchange.status()));
        Optional<RequestGuard.Refusal> refusal = guard.check(exchange);
        if (refusal.isEmpty()) {
            request.setAttribute(EXCHANGE, exchange);
            return super.handle(request, response, callback);
        }
        Routes.refuse(exchange, errors, new HttpError(refusal.get().status(), refusal.get().message()));
        callback.succeeded();
        return true;
    }
}
