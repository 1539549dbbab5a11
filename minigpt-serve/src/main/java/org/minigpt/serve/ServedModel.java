package org.minigpt.serve;

import java.nio.file.Path;
import java.util.Optional;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.chat.ChatTemplate;

/**
 * One run the server answers for, by {@code name}: its tokenizer, its best checkpoint's model (whose weights
 * every slot shares), and its chat template when it is instruction-tuned.
 *
 * @param created when the checkpoint was saved, in seconds since the epoch (the API's {@code created})
 */
record ServedModel(String name, Path run, long step, Tokenizer tokenizer, LanguageModel model, Optional<ChatTemplate> chat,
        long created) {
}
