package org.minigpt.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;

/** One float per parameter in a file of a checkpoint's DiLoCo state: the count, then the values (big-endian). */
final class FloatFile {
    private FloatFile() {
    }

    static void write(Path file, float[] values) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(values.length);
            for (float value : values) {
                out.writeFloat(value);
            }
        }
    }

    /** The values {@code file} holds, one for each of a model's {@code parameters}; null when there is no such file. */
    static float[] read(Path file, int parameters) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            if (count != parameters) {
                throw new MinigptException(file + " holds " + count + " values for a model of " + parameters + " parameters");
            }
            float[] values = new float[count];
            for (int i = 0; i < count; i++) {
                values[i] = in.readFloat();
            }
            return values;
        } catch (EOFException e) {
            throw new MinigptException(file + " is truncated: the checkpoint is damaged");
        }
    }
}
