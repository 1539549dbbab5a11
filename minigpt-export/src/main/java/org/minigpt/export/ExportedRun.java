package org.minigpt.export;

import java.util.Optional;
import org.minigpt.api.model.Gpt2Form;

/**
 * What an export writes: a checkpoint's model in GPT-2's form, its vocabulary, and where it came from.
 *
 * @param name the run's folder name, the model's name in the file
 * @param step the checkpoint's step
 * @param dataSha256 the training text's SHA-256, or empty
 * @param license an SPDX id the user gave, or empty
 */
record ExportedRun(String name, long step, Optional<String> dataSha256, Optional<String> license, Gpt2Form model,
        ExportedVocabulary vocabulary) {

    String description() {
        return "minigpt run " + name + ", checkpoint at step " + step
                + dataSha256.map(sha -> ", trained on text with SHA-256 " + sha).orElse("");
    }
}
