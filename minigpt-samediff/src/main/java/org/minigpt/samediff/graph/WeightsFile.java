package org.minigpt.samediff.graph;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.minigpt.api.MinigptException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Named weights as a NumPy {@code .npz} archive (a zip of {@code NAME.npy}), so
 * {@code numpy.load("weights.npz")} reads them too; equal arrays give equal files. Written to a
 * temporary file and renamed, so a crash never leaves a half-written file in its place.
 */
public final class WeightsFile {
    private static final String SUFFIX = ".npy";
    private static final long ENTRY_TIME = 946_684_800_000L; // 2000-01-01: a fixed time, inside a zip's range in every zone

    private WeightsFile() {
    }

    public static void write(Path file, Map<String, INDArray> weights) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, INDArray> entry : weights.entrySet()) {
                ZipEntry array = new ZipEntry(entry.getKey() + SUFFIX);
                array.setTime(ENTRY_TIME); // the same arrays give the same bytes, whenever they are written
                zip.putNextEntry(array);
                zip.write(Nd4j.toNpyByteArray(entry.getValue()));
                zip.closeEntry();
            }
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads every array and checks that the names and shapes are exactly {@code expected}. */
    public static Map<String, INDArray> read(Path file, Map<String, long[]> expected) throws IOException {
        Map<String, INDArray> weights = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (!name.endsWith(SUFFIX)) {
                    throw corrupt(file, "unexpected entry " + name);
                }
                weights.put(name.substring(0, name.length() - SUFFIX.length()), Nd4j.createNpyFromByteArray(zip.readAllBytes()));
            }
        } catch (NoSuchFileException e) {
            throw new MinigptException(file + " is missing: the run directory has no weights");
        } catch (IOException | RuntimeException e) {
            // a truncated or overwritten archive: EOF, a bad zip header, or an .npy header ND4J cannot parse
            throw corrupt(file, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (weights.isEmpty() && !expected.isEmpty()) {
            throw corrupt(file, "it holds no arrays");
        }
        for (Map.Entry<String, long[]> parameter : expected.entrySet()) {
            INDArray array = weights.get(parameter.getKey());
            if (array == null) {
                throw new MinigptException(file + " has no " + parameter.getKey()
                        + ": it was saved by a model of another shape than the run's config");
            }
            if (!Arrays.equals(array.shape(), parameter.getValue())) {
                throw new MinigptException(file + ": " + parameter.getKey() + " has shape " + Arrays.toString(array.shape())
                        + " but the run's config makes " + Arrays.toString(parameter.getValue()));
            }
        }
        if (weights.size() != expected.size()) {
            throw new MinigptException(file + " has " + weights.size() + " arrays but the run's config makes "
                    + expected.size() + ": it was saved by a model of another shape");
        }
        return weights;
    }

    private static MinigptException corrupt(Path file, String detail) {
        return new MinigptException(file + " is corrupt (" + detail + ")");
    }
}
