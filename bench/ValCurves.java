import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The val loss of several runs over the tokens they trained on, one curve a run directory (named after it),
 * drawn from each run's metrics.csv into one PNG; runs of different engines and batch sizes line up by tokens.
 *
 *   java -cp "minigpt-cli/target/lib/*" bench/ValCurves.java OUT.png "TITLE" RUN_DIR...
 */
public final class ValCurves {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ValCurves OUT.png TITLE RUN_DIR...");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(520).title(args[1])
                .xAxisTitle("million tokens").yAxisTitle("val loss (nats per token)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(new Color[] {Color.BLUE, Color.ORANGE, Color.MAGENTA, Color.GREEN.darker(),
                Color.RED, Color.BLACK, Color.CYAN.darker(), Color.GRAY}); // the default palette has two near-yellows
        for (int i = 2; i < args.length; i++) {
            Path run = Path.of(args[i]);
            List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
            List<String> header = List.of(lines.get(0).split(","));
            int tokens = header.indexOf("tokens");
            int val = header.indexOf("val_loss");
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                if (!cells[val].isEmpty()) {
                    x.add(Double.parseDouble(cells[tokens]) / 1e6);
                    y.add(Double.parseDouble(cells[val]));
                }
            }
            chart.addSeries(run.getFileName().toString(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, args[0], BitmapEncoder.BitmapFormat.PNG);
    }
}
