package org.minigpt.cli.monitor;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.minigpt.core.corpus.PrepareListener;

/** {@code prepare}'s progress: a bar with MB/s and ETA on a terminal, a line every tenth of each pass otherwise. */
public final class PrepareProgress implements PrepareListener, AutoCloseable {
    private static final long MB = 1_000_000;
    private final PrintStream out;
    private final boolean terminal;
    private ProgressBar bar;
    private String phase;
    private long total;
    private long start;
    private int tenthsShown;

    public PrepareProgress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void phase(String name, long totalBytes) {
        close();
        phase = name;
        total = totalBytes;
        start = System.nanoTime();
        tenthsShown = 0;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, totalBytes / MB))
                    .setUnit(" MB", 1).showSpeed().setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).setUpdateIntervalMillis(250).build();
        }
    }

    @Override
    public void advanced(long bytes) {
        if (bar != null) {
            bar.stepTo(bytes / MB);
            return;
        }
        int tenths = total == 0 ? 10 : (int) (10 * bytes / total);
        if (tenths > tenthsShown) {
            tenthsShown = tenths;
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("%s %3d%%  %,.0f of %,.0f MB  %,.1f MB/s%n", phase, tenths * 10, bytes / 1e6, total / 1e6,
                    bytes / 1e6 / Math.max(seconds, 1e-9));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
