package org.minigpt.http;

/** A request refused: its HTTP status and a one-line message; {@link ErrorReplies} turns it into a body. */
public class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
