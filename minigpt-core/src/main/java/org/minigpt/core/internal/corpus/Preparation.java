package org.minigpt.core.internal.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.minigpt.api.MinigptException;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.api.tokenizer.TrainingCorpus;
import org.minigpt.core.corpus.Manifest;
import org.minigpt.core.corpus.PrepareListener;

/**
 * {@code minigpt prepare}: a corpus's files tokenized once into shards. The tokenizer learns in one
 * pass (which also checks every file); a second pass reads the text, encodes its pieces on every core
 * and writes their tokens in order. The manifest is written last.
 */
public final class Preparation {
    private final CorpusOptions options;
    private final PrepareListener listener;
    private final int threads;

    public Preparation(CorpusOptions options, PrepareListener listener, int threads) {
        this.options = options;
        this.listener = listener;
        this.threads = threads;
    }

    /**
     * @param tokenizerFor trains (or loads) the tokenizer for the corpus
     * @param tokenizerConfig the {@code tokenizer} keys to record, with which a run loads it again
     */
    public Manifest prepare(List<Path> files, Path out, Function<TrainingCorpus, Tokenizer> tokenizerFor,
            Map<String, String> tokenizerConfig) throws IOException {
        OutputFolder.claim(out);
        CorpusScan scan = new CorpusScan(files, options, listener);
        Tokenizer tokenizer = tokenizerFor.apply(scan);
        List<Path> documents = scan.documents();
        if (documents.isEmpty()) {
            throw new MinigptException("no file of the corpus is usable text (" + scan.skipped().size() + " skipped)");
        }
        int tokenBytes = tokenizer.vocabSize() <= 1 << 16 ? 2 : 4;
        List<Manifest.Document> written = new ArrayList<>();
        List<Manifest.Shard> shards;
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "minigpt-encode");
            thread.setDaemon(true);
            return thread;
        });
        try (ShardWriter writer = new ShardWriter(out, tokenBytes, options.shardTokens())) {
            listener.phase("encode", documents.stream().mapToLong(CorpusScan::size).sum());
            long before = 0;
            for (Path document : documents) {
                written.add(encode(document, tokenizer, pool, writer, before));
                before += written.get(written.size() - 1).bytes();
            }
            shards = writer.finish();
        } finally {
            pool.shutdownNow();
        }
        tokenizer.save(out);
        long tokens = written.stream().mapToLong(Manifest.Document::tokens).sum();
        Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.VERSION, Map.copyOf(tokenizerConfig), tokenizer.vocabSize(),
                tokenBytes, tokens, written.stream().mapToLong(Manifest.Document::characters).sum(),
                written.stream().mapToLong(Manifest.Document::bytes).sum(), options.crlfAsLf(), shards, written,
                scan.skippedList());
        manifest.write(out);
        return manifest;
    }

    /** Encodes one file's pieces in parallel, writing their tokens in order, at most two pieces a thread in flight. */
    private Manifest.Document encode(Path document, Tokenizer tokenizer, ExecutorService pool, ShardWriter writer, long before)
            throws IOException {
        Deque<Future<ByteBuffer>> inFlight = new ArrayDeque<>();
        long[] tokens = {0};
        long characters;
        try {
            characters = TextPieces.read(document, options.crlfAsLf(), piece -> {
                inFlight.add(pool.submit(() -> ShardWriter.bytesOf(tokenizer.encode(piece), writer.tokenBytes())));
                while (inFlight.size() > 2 * threads) {
                    tokens[0] += writeOldest(inFlight, writer, document);
                }
            }, bytes -> listener.advanced(before + bytes));
            while (!inFlight.isEmpty()) {
                tokens[0] += writeOldest(inFlight, writer, document);
            }
        } catch (TextPieces.BadText e) {
            throw new MinigptException(e.getMessage() + " (it changed while being prepared)");
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return new Manifest.Document(document.toString(), CorpusScan.size(document), characters, tokens[0]);
    }

    private static int writeOldest(Deque<Future<ByteBuffer>> inFlight, ShardWriter writer, Path document) {
        try {
            ByteBuffer tokens = inFlight.poll().get();
            int count = tokens.remaining() / writer.tokenBytes();
            writer.write(tokens);
            return count;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MinigptException problem) {
                throw new MinigptException(document + ": " + problem.getMessage());
            }
            throw new IllegalStateException("encoding " + document + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MinigptException("prepare was interrupted");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
