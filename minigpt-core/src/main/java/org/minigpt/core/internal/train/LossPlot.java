package org.minigpt.core.internal.train;

import org.minigpt.core.internal.run.MetricsCsv;
import org.minigpt.core.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.minigpt.core.train.TrainingListener;
import org.minigpt.core.train.TrainingPoint;

/**
 * {@code loss.png}: train and val loss over steps, drawn by XChart from {@code metrics.csv} at each
 * evaluation and at the end, so a resumed run's plot continues the first part's.
 */
public final class LossPlot implements TrainingListener {
    private final MetricsCsv csv;
    private final Path file;
    private final String title;

    public LossPlot(MetricsCsv csv, Path runDir, String title) {
        this.csv = csv;
        this.file = runDir.resolve(RunDirectory.LOSS_PLOT_FILE);
        this.title = title;
    }

    @Override
    public void logged(TrainingPoint point) {
        if (point.evaluated()) {
            draw();
        }
    }

    @Override
    public void finished(TrainingPoint last) {
        draw();
    }

    /** Redraws the plot from the CSV; a run's plot is a view of its metrics, never lost work. */
    public void draw() {
        List<Double> steps = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<Double> valSteps = new ArrayList<>();
        List<Double> valLosses = new ArrayList<>();
        for (double[] row : csv.rows()) {
            steps.add(row[0]);
            losses.add(row[3]);
            if (!Double.isNaN(row[4])) {
                valSteps.add(row[0]);
                valLosses.add(row[4]);
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step")
                .yAxisTitle("loss (nats per token)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        XYSeries train = chart.addSeries("train", steps, losses);
        train.setMarker(SeriesMarkers.NONE);
        if (!valSteps.isEmpty()) {
            chart.addSeries("val", valSteps, valLosses).setMarker(SeriesMarkers.CIRCLE);
        }
        try {
            Path temp = file.resolveSibling("loss.partial.png");
            BitmapEncoder.saveBitmap(chart, temp.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }
}
