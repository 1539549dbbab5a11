package org.minigpt.api.reward;

import java.nio.file.Path;

/**
 * Where a reward is used.
 *
 * @param taskFile the task file whose questions it scores: files a reward reads (a word list, say) sit beside it
 */
public record RewardContext(Path taskFile) {
    /** {@code name} in the task file's folder. */
    public Path besideTasks(String name) {
        Path folder = taskFile.toAbsolutePath().getParent();
        return folder == null ? Path.of(name) : folder.resolve(name);
    }
}
