package org.minigpt.core.corpus;

import java.nio.file.Path;
import org.minigpt.api.TypedProblem;

/**
 * A folder that cannot be used as a prepared corpus as asked. The message speaks of folders and tokenizers; the
 * CLI words the remedy with its {@code prepare} command and options.
 * Its {@link #detail}: whose tokenizer a corpus was not prepared with.
 */
public final class CorpusProblem extends TypedProblem {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the folder. */
    public enum Kind { NOT_A_CORPUS, UNFINISHED, OTHER_TOKENIZER, OUT_IS_A_FILE }

    private CorpusProblem(Kind kind, Path folder, String whose, String message) {
        super(kind, folder, whose, message);
    }

    public static CorpusProblem notACorpus(Path folder) {
        return new CorpusProblem(Kind.NOT_A_CORPUS, folder, "", folder + " has no " + Manifest.FILE_NAME
                + ": it is a folder, not a prepared corpus; prepare it first");
    }

    public static CorpusProblem unfinished(Path folder) {
        return new CorpusProblem(Kind.UNFINISHED, folder, "", folder + " has no " + Manifest.FILE_NAME
                + ": its prepare did not finish; prepare into it again");
    }

    public static CorpusProblem otherTokenizer(Path folder, String whose) {
        return new CorpusProblem(Kind.OTHER_TOKENIZER, folder, whose, folder + " was prepared with another tokenizer than "
                + whose + "'s; prepare it with that one");
    }

    public static CorpusProblem outIsAFile(Path folder) {
        return new CorpusProblem(Kind.OUT_IS_A_FILE, folder, "", folder + " is a file; prepare into a new folder");
    }

    public Kind kind() {
        return (Kind) kindOf();
    }

}
