package org.minigpt.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.Consumer;
import org.minigpt.api.model.Gpt2Form;
import org.minigpt.api.tokenizer.ByteLevelForm;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.SavedRun;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.core.run.Checkpoints;
import org.minigpt.core.run.Folders;
import org.minigpt.core.run.RunDirectory;
import org.minigpt.export.GgufFile.TensorType;

/**
 * {@code minigpt export}: a run's checkpoint written as a GGUF file or a Hugging Face folder. Everything that
 * could refuse is checked before a byte is written; the output appears whole under its name, or not at all,
 * and never replaces what is there.
 */
public final class RunExport {
    /** The formats: a GGUF file for llama.cpp, or a Hugging Face GPT-2 folder. */
    public enum Format {
        GGUF, HF;

        public static Format named(String name) {
            for (Format format : values()) {
                if (format.name().equalsIgnoreCase(name)) {
                    return format;
                }
            }
            throw new ExportException("unknown export format '" + name + "': use gguf (llama.cpp) or hf (Hugging Face)");
        }
    }

    /**
     * @param checkpoint best, latest or a step
     * @param half f16 weights (norms and biases stay f32 in GGUF) instead of f32
     * @param license an SPDX license id for the file's metadata, or empty
     */
    public record Request(Path run, String checkpoint, Format format, Path out, boolean half, Optional<String> license) {
    }

    /** What was written: where, its size in bytes, the checkpoint's step and the model's activation. */
    public record Result(Path out, long bytes, long step, Gpt2Form.Gelu gelu) {
    }

    private RunExport() {
    }

    /** Exports {@code request}; {@code notes} hears of damaged checkpoints passed over and of what may differ. */
    public static Result export(Plugins plugins, Request request, Consumer<String> notes) throws IOException {
        Path out = request.out().toAbsolutePath().normalize();
        requireFree(out);
        RunDirectory run = RunDirectory.open(request.run());
        if (new Checkpoints(run.path()).latest().isEmpty()) {
            throw new ExportException("run " + run.path() + " has no checkpoint to export yet; train it first: minigpt train"
                    + " --resume " + run.path());
        }
        Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
        ByteLevelForm form = tokenizer.byteLevelForm().orElseThrow(() -> new ExportException("the run's tokenizer ("
                + run.config().get("tokenizer").orElse("?") + ") has no byte-level BPE form, which GGUF and Hugging Face need"));
        if (request.format() == Format.GGUF) {
            GgufExport.preTokenizer(form.split());
        } else {
            HuggingFaceExport.requireSplit(form.split());
        }
        try (SavedRun.Model saved = SavedRun.model(plugins, run, tokenizer, request.checkpoint(), notes)) {
            Gpt2Form model = saved.model().gpt2Form().orElseThrow(() -> new ExportException("the run's model ("
                    + run.config().get("model").orElse("?") + ") is not shaped as GPT-2, which both formats need"));
            ExportedVocabulary vocabulary = new ExportedVocabulary(form);
            if (vocabulary.size() != model.vocabSize()) {
                throw new ExportException("the run's tokenizer has " + vocabulary.size() + " tokens but its model "
                        + model.vocabSize() + ": the run is damaged");
            }
            if (model.gelu() == Gpt2Form.Gelu.SIGMOID && request.format() == Format.GGUF) {
                notes.accept("this run's GELU is x·σ(1.702x), llama.cpp computes GPT-2's tanh form: its logits differ"
                        + " slightly (docs/export.md#agreement); train with --set model.gelu=tanh for the same logits");
            }
            long step = saved.checkpoint().state().step();
            ExportedRun exported = new ExportedRun(run.path().toAbsolutePath().normalize().getFileName().toString(), step,
                    run.config().get(RunDirectory.DATA_SHA256), request.license(), model, vocabulary);
            long bytes = request.format() == Format.GGUF ? writeGguf(exported, request.half(), out) : writeFolder(exported,
                    request.half(), out);
            return new Result(out, bytes, step, model.gelu());
        }
    }

    private static void requireFree(Path out) {
        if (Files.exists(out)) {
            throw new ExportException(out + " already exists; give --out a new path (export never overwrites)");
        }
        Path parent = out.getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new ExportException(parent + " is a file, not a folder; give --out a path in a folder");
        }
    }

    private static long writeGguf(ExportedRun run, boolean half, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        Path partial = partial(out);
        try {
            long bytes;
            try (OutputStream stream = Files.newOutputStream(partial)) {
                bytes = GgufExport.write(run, half ? TensorType.F16 : TensorType.F32, stream);
            }
            publish(partial, out);
            return bytes;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static long writeFolder(ExportedRun run, boolean half, Path out) throws IOException {
        Files.createDirectories(out.getParent());
        Path partial = partial(out);
        Files.createDirectory(partial);
        try {
            long bytes = HuggingFaceExport.write(run, half, partial);
            publish(partial, out);
            return bytes;
        } finally {
            Folders.deleteTree(partial);
        }
    }

    private static Path partial(Path out) {
        return out.resolveSibling("." + out.getFileName() + ".partial-" + ProcessHandle.current().pid());
    }

    // A rename that fails when something took the name meanwhile, rather than replacing it.
    private static void publish(Path partial, Path out) throws IOException {
        try {
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new ExportException(out + " appeared while exporting; nothing was overwritten, export again to a new path");
        }
        if (!Files.exists(out)) {
            throw new IOException("could not move the export to " + out);
        }
    }
}
