package org.minigpt.core.internal.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minigpt.api.MinigptException;
import org.minigpt.core.run.RunDirectory;

/**
 * {@code metrics.csv} in the run directory: a row per logged point, {@code val_loss} empty where
 * the step was not evaluated. Read back to draw the plot and cut back when a run resumes.
 * Hand-written: eleven numeric columns need no CSV library.
 */
public final class MetricsCsv {
    public static final List<String> COLUMNS = List.of("step", "elapsed_seconds", "tokens", "loss", "val_loss",
            "best_val_loss", "learning_rate", "grad_norm", "tokens_per_second", "step_ms_mean");

    private final Path file;
    private final List<String> columns;

    public MetricsCsv(Path runDir) {
        this(runDir, List.of());
    }

    /** With {@code measures} as columns after {@link #COLUMNS}: a step driver's own (a policy-gradient run's rewards). */
    public MetricsCsv(Path runDir, List<String> measures) {
        this.file = runDir.resolve(RunDirectory.METRICS_FILE);
        List<String> all = new ArrayList<>(COLUMNS);
        all.addAll(measures);
        this.columns = List.copyOf(all);
    }

    /** {@link #COLUMNS}, then the measures'. */
    public List<String> columns() {
        return columns;
    }

    public Path file() {
        return file;
    }

    /** One row of numbers, in {@link #columns()} order; NaN is written as an empty cell. */
    public void append(double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns");
        }
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, String.join(",", columns) + "\n", StandardCharsets.UTF_8);
            }
            Files.writeString(file, line(values) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Every row, as numbers (NaN for empty cells). A row that does not parse (cut short by a crash,
     * or damaged) is left out: the log is a record of the run, the checkpoints are its state.
     */
    public List<double[]> rows() {
        List<double[]> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines;
        try {
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new MinigptException("cannot read " + file + ": " + e.getMessage());
        }
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != columns.size()) {
                continue;
            }
            try {
                double[] row = new double[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    row[i] = cells[i].isEmpty() ? Double.NaN : Double.parseDouble(cells[i]);
                }
                rows.add(row);
            } catch (NumberFormatException e) {
                // damaged: left out
            }
        }
        return rows;
    }

    /** Drops the rows after {@code step}: a resumed run logs those steps again. */
    public void truncateAfter(long step) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        kept.add(String.join(",", columns));
        for (double[] row : rows()) {
            if (row[0] <= step) {
                kept.add(line(row));
            }
        }
        Path temp = file.resolveSibling(RunDirectory.METRICS_FILE + ".tmp");
        Files.write(temp, kept, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String line(double[] values) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            line.append(i == 0 ? "" : ",").append(format(values[i]));
        }
        return line.toString();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
