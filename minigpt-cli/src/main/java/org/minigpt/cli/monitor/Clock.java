package org.minigpt.cli.monitor;

import java.time.Duration;

/** Durations as the terminal shows them. */
public final class Clock {
    private Clock() {
    }

    /** {@code h:mm:ss}. */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
