package org.minigpt.core.data;

import java.nio.file.Path;
import org.minigpt.api.TypedProblem;

/**
 * A data file that cannot be trained on as asked. The message speaks of files; a front end words the remedy in
 * its own terms from {@link #kind} and the facts (the CLI names its {@code --data} option and {@code prepare}).
 * Its {@link #detail}: a text too large's sizes, a failed download's {@code "why|url"}, or the setting that names
 * a run to tune from.
 */
public final class DataProblem extends TypedProblem {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Kind { MISSING, IS_A_DIRECTORY, EMPTY, TOO_LARGE, NO_DOWNLOAD, CHAT_NEEDS_ORIGIN }

    private DataProblem(Kind kind, Path file, String detail, String message) {
        super(kind, file, detail, message);
    }

    static DataProblem missing(Path file) {
        return new DataProblem(Kind.MISSING, file, "", "data file " + file + " does not exist; name a UTF-8 text file");
    }

    static DataProblem isADirectory(Path file) {
        return new DataProblem(Kind.IS_A_DIRECTORY, file, "", "data file " + file + " is a directory; name a UTF-8 text file");
    }

    static DataProblem empty(Path file) {
        return new DataProblem(Kind.EMPTY, file, "", "data file " + file + " is empty; name a UTF-8 text file");
    }

    /** @param sizes e.g. "(301 MB) … (this JVM's heap is 512 MB)", the words between the file and the remedy */
    static DataProblem tooLarge(Path file, String sizes) {
        return new DataProblem(Kind.TOO_LARGE, file, sizes, file + " " + sizes + "; prepare it once into token shards and train"
                + " on those, which are read from disk");
    }

    /** @param detail why, and the URL the text comes from: "why|url" */
    static DataProblem noDownload(Path cached, String why, String url) {
        return new DataProblem(Kind.NO_DOWNLOAD, cached, why + "|" + url, "could not download TinyShakespeare (" + why
                + "); name a text file to train on, or save " + url + " as " + cached);
    }

    /** Chat data tunes a trained run, so a new run from random weights cannot start on it. */
    public static DataProblem chatNeedsOrigin(Path file, String setting) {
        return new DataProblem(Kind.CHAT_NEEDS_ORIGIN, file, setting, file + " is chat data, which tunes a pretrained run: set "
                + setting + " to one, or train on a text first");
    }

    public Kind kind() {
        return (Kind) kindOf();
    }

}
