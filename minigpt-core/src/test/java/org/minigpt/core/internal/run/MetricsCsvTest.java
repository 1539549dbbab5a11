package org.minigpt.core.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    @TempDir
    Path run;

    @Test
    void rowsRoundTripWithEmptyCellsForStepsNotEvaluated() throws Exception {
        MetricsCsv csv = new MetricsCsv(run);
        csv.append(1, 0.5, 2048, 4.17, Double.NaN, Double.NaN, 1e-5, 5.4, 3000, 600);
        csv.append(100, 60.25, 204800, 2.5, 2.45, 2.45, 1e-3, 0.8, 3100, 580);
        List<String> lines = Files.readAllLines(csv.file());
        assertEquals(String.join(",", MetricsCsv.COLUMNS), lines.get(0));
        assertEquals("1,0.500000,2048,4.17000,,,1.00000e-05,5.40000,3000,600", lines.get(1));
        List<double[]> rows = csv.rows();
        assertEquals(2, rows.size());
        assertTrue(Double.isNaN(rows.get(0)[4]));
        assertEquals(2.45, rows.get(1)[4], 1e-9);
    }

    @Test
    void truncatingKeepsTheRowsUpToTheCheckpointStep() throws Exception {
        MetricsCsv csv = new MetricsCsv(run);
        for (int step = 10; step <= 50; step += 10) {
            csv.append(step, step, step, 3, Double.NaN, Double.NaN, 1e-3, 1, 1, 1);
        }
        Files.writeString(csv.file(), "60,6", java.nio.file.StandardOpenOption.APPEND); // cut short by kill -9
        csv.truncateAfter(30);
        assertEquals(List.of(10.0, 20.0, 30.0), csv.rows().stream().map(row -> row[0]).toList());
    }

    @Test
    void damagedRowsAreLeftOutRatherThanFailingTheRun() throws Exception {
        MetricsCsv csv = new MetricsCsv(run);
        for (int step = 1; step <= 3; step++) {
            csv.append(step, step, step, 3, Double.NaN, Double.NaN, 1e-3, 1, 1, 1);
        }
        byte[] bytes = Files.readAllBytes(csv.file());
        int secondRow = new String(bytes, java.nio.charset.StandardCharsets.UTF_8).indexOf("\n2,") + 1;
        bytes[secondRow + 2] = (byte) 0xFF; // not UTF-8, inside the second row's elapsed_seconds
        Files.write(csv.file(), bytes);
        assertEquals(List.of(1.0, 3.0), csv.rows().stream().map(row -> row[0]).toList());
    }

    @Test
    void aStepDriversMeasuresAreColumnsAfterTheFixedOnesAndSurviveATruncation() throws Exception {
        MetricsCsv csv = new MetricsCsv(run, List.of("reward", "greedy.starts-with"));
        csv.append(1, 1, 1, -0.02, Double.NaN, Double.NaN, 1e-4, 1, 1, 1, 0.25, Double.NaN);
        csv.append(2, 2, 2, 0.01, 0.5, 0.5, 1e-4, 1, 1, 1, 0.5, 0.75);
        csv.truncateAfter(1);
        List<String> lines = Files.readAllLines(csv.file());
        assertEquals(String.join(",", MetricsCsv.COLUMNS) + ",reward,greedy.starts-with", lines.get(0));
        assertEquals(1, csv.rows().size());
        assertEquals(0.25, csv.rows().get(0)[10]);
    }
}
