package org.minigpt.spark;

import java.io.IOException;
import java.nio.file.Path;

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
        if (velocity != null) {
            FloatFile.write(folder.resolve(FILE), velocity);
        }
    }

    /** The velocity a checkpoint saved; none when it was saved before the first round ended. */
    void load(Path folder, int parameters) throws IOException {
        velocity = FloatFile.read(folder.resolve(FILE), parameters);
    }
}
