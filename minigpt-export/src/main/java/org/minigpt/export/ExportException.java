package org.minigpt.export;

import org.minigpt.api.MinigptException;

/** What a format cannot hold, or an output that would overwrite something: one line for the user. */
final class ExportException extends MinigptException {
    private static final long serialVersionUID = 1L;

    ExportException(String message) {
        super(message);
    }
}
