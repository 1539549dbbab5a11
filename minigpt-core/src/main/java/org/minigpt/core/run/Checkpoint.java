package org.minigpt.core.run;

import java.nio.file.Path;

/** A complete checkpoint: a folder with the model's weights, the optimizer's state and {@link CheckpointState}. */
public record Checkpoint(Path path, CheckpointState state) {
    public String name() {
        return path.getFileName().toString();
    }
}
