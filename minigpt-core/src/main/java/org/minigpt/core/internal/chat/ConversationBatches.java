package org.minigpt.core.internal.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.Batch;
import org.minigpt.core.data.TrainingData;
import org.minigpt.core.chat.ChatExample;
import org.minigpt.core.chat.ChatTemplate;

/**
 * Conversations packed into windows of {@code length + 1} tokens, whole conversations only, the rest
 * padding; targets are {@link Batch#IGNORED} except where the template scores them. The last
 * {@code valFraction} of the conversations are held out.
 */
public final class ConversationBatches implements TrainingData {
    private static final int PADDING = 0;

    private final List<int[][]> train;
    private final List<int[][]> validation;
    private final int conversations;
    private final int skipped;
    private final int length;
    private final int batchSize;
    private final long seed;
    private final double charactersPerToken;

    private ConversationBatches(List<int[][]> train, List<int[][]> validation, int conversations, int skipped, int length,
            int batchSize, long seed, double charactersPerToken) {
        this.train = train;
        this.validation = validation;
        this.conversations = conversations;
        this.skipped = skipped;
        this.length = length;
        this.batchSize = batchSize;
        this.seed = seed;
        this.charactersPerToken = charactersPerToken;
    }

    /**
     * @param skipLong skip a conversation longer than a window instead of failing
     * @throws MinigptException naming the file and line of a conversation that does not fit a window
     */
    public static ConversationBatches of(String file, ChatFile.Contents contents, ChatTemplate template, int length,
            int batchSize, double valFraction, long seed, boolean skipLong) {
        List<ChatTemplate.Rendered> rendered = new ArrayList<>();
        int skipped = contents.skipped();
        long characters = 0;
        long tokens = 0;
        for (ChatExample example : contents.examples()) {
            ChatTemplate.Rendered one;
            try {
                one = template.render(example.conversation());
            } catch (MinigptException e) {
                throw new MinigptException(file + ":" + example.line() + ": " + e.getMessage());
            }
            if (one.tokens().length > length + 1) {
                if (skipLong) {
                    skipped++;
                    continue;
                }
                throw new MinigptException(file + ":" + example.line() + ": the conversation is " + one.tokens().length
                        + " tokens, longer than a window of model.context_length + 1 = " + (length + 1)
                        + "; shorten it, or set chat.skip_bad_lines=true to skip such lines");
            }
            rendered.add(one);
            characters += template.tokenizer().decode(one.tokens()).length();
            tokens += one.tokens().length;
        }
        if (rendered.isEmpty()) {
            throw new MinigptException(file + " has no conversation that fits a window of " + (length + 1) + " tokens");
        }
        int held = valFraction > 0 ? Math.max(1, (int) Math.round(rendered.size() * valFraction)) : 0;
        if (held >= rendered.size()) {
            throw new MinigptException(file + " has " + rendered.size() + " conversations: too few to hold out train.val_fraction "
                    + valFraction + " of them and train on the rest; add conversations or lower train.val_fraction");
        }
        int cut = rendered.size() - held;
        return new ConversationBatches(pack(rendered.subList(0, cut), length), pack(rendered.subList(cut, rendered.size()), length),
                rendered.size(), skipped, length, batchSize, seed, characters / (double) tokens);
    }

    /** {@code conversations} packed into windows, in batches of at most {@code batchSize}: to score a set of them. */
    public static List<Batch> batches(List<ChatTemplate.Rendered> conversations, int length, int batchSize) {
        List<int[][]> windows = pack(conversations, length);
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += batchSize) {
            batches.add(batch(windows.subList(from, Math.min(windows.size(), from + batchSize)), length));
        }
        return batches;
    }

    /** Windows as {inputs, targets} pairs: each conversation goes whole into the current window or starts the next. */
    static List<int[][]> pack(List<ChatTemplate.Rendered> conversations, int length) {
        List<int[][]> windows = new ArrayList<>();
        int[] tokens = new int[length + 1];
        boolean[] scored = new boolean[length + 1];
        int used = 0;
        for (ChatTemplate.Rendered conversation : conversations) {
            int size = conversation.tokens().length;
            if (used + size > length + 1) {
                windows.add(window(tokens, scored, used, length));
                used = 0;
            }
            System.arraycopy(conversation.tokens(), 0, tokens, used, size);
            System.arraycopy(conversation.scored(), 0, scored, used, size);
            used += size;
        }
        if (used > 0) {
            windows.add(window(tokens, scored, used, length));
        }
        return windows;
    }

    private static int[][] window(int[] tokens, boolean[] scored, int used, int length) {
        int[] inputs = new int[length];
        int[] targets = new int[length];
        Arrays.fill(inputs, PADDING);
        Arrays.fill(targets, Batch.IGNORED);
        System.arraycopy(tokens, 0, inputs, 0, Math.min(used, length));
        for (int i = 0; i + 1 < used; i++) {
            if (scored[i + 1]) {
                targets[i] = tokens[i + 1];
            }
        }
        return new int[][] {inputs, targets};
    }

    @Override
    public Batch trainBatch(long index) {
        SplittableRandom random = new SplittableRandom(new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L).nextLong());
        List<int[][]> rows = new ArrayList<>();
        for (int row = 0; row < batchSize; row++) {
            rows.add(train.get(random.nextInt(train.size())));
        }
        return batch(rows, length);
    }

    @Override
    public List<Batch> validationBatches(int count, int rows) {
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < validation.size() && batches.size() < count; from += rows) {
            batches.add(batch(validation.subList(from, Math.min(validation.size(), from + rows)), length));
        }
        return batches;
    }

    private static Batch batch(List<int[][]> rows, int length) {
        int[] inputs = new int[rows.size() * length];
        int[] targets = new int[rows.size() * length];
        for (int row = 0; row < rows.size(); row++) {
            System.arraycopy(rows.get(row)[0], 0, inputs, row * length, length);
            System.arraycopy(rows.get(row)[1], 0, targets, row * length, length);
        }
        return new Batch(rows.size(), length, inputs, targets);
    }

    @Override
    public String summary() {
        return String.format("%,d conversations%s in %,d windows: %,d train, %,d validation", conversations,
                skipped > 0 ? String.format(" (%,d skipped)", skipped) : "", train.size() + validation.size(), train.size(),
                validation.size());
    }

    @Override
    public double charactersPerValidationToken() {
        return charactersPerToken;
    }
}
