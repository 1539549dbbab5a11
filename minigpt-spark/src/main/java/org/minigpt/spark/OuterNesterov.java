package org.minigpt.spark;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minigpt.api.MinigptException;

/**
 * DiLoCo's outer optimizer: SGD with Nesterov momentum on the outer gradient (the weights a round
 * started from minus the workers' average), as PyTorch's {@code SGD(nesterov=True)} computes it in float.
 */
final class OuterNesterov {
    private static final String FILE = "outer-momentum.f32";
    private final float momentum;
    private float[] velocity; // null until the first round, as PyTorch's buffer

    OuterNesterov(double momentum) {
        this.momentum = (float) momentum;
    }

    /** Moves {@code weights} (the round's start) along the averaged {@code outerGradient} at {@code rate}, in place. */
    void step(float[] weights, float[] outerGradient, double rate) {
        float learningRate = (float) rate;
        if (velocity == null) {
            velocity = outerGradient.clone();
        } else {
            for (int i = 0; i < velocity.length; i++) {
                velocity[i] = momentum * velocity[i] + outerGradient[i];
            }
        }
        for (int i = 0; i < weights.length; i++) {
            float update = momentum == 0 ? outerGradient[i] : outerGradient[i] + momentum * velocity[i];
            weights[i] -= learningRate * update;
        }
    }

    void save(Path folder) throws IOException {
        if (velocity == null) {
            return;
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(folder.resolve(FILE))))) {
            out.writeInt(velocity.length);
            for (float value : velocity) {
                out.writeFloat(value);
            }
        }
    }

    /** The velocity a checkpoint saved; none when it was saved before the first round ended. */
    void load(Path folder, int parameters) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.exists(file)) {
            velocity = null;
            return;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            if (count != parameters) {
                throw new MinigptException(file + " holds " + count + " values for a model of " + parameters + " parameters");
            }
            float[] loaded = new float[count];
            for (int i = 0; i < count; i++) {
                loaded[i] = in.readFloat();
            }
            velocity = loaded;
        } catch (java.io.EOFException e) {
            throw new MinigptException(file + " is truncated: the checkpoint is damaged");
        }
    }
}
