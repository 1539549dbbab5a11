package org.minigpt.studio;

/** A request the studio refuses: its HTTP status and a one-line message for the page. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }
}
