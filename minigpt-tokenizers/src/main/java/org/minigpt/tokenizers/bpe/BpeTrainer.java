package org.minigpt.tokenizers.bpe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Learns byte-level BPE merges from a text.
 *
 * <p>Written here because no library on Maven Central trains BPE (DJL's Hugging Face binding and
 * jtokkit only encode with fixed vocabularies). Each distinct chunk is counted once with its
 * frequency; pair counts are kept up to date incrementally as merges change the chunks that hold
 * the pair, and a lazily refreshed priority queue finds the next pair, so no merge recounts the text.
 *
 * <p>Ties: among pairs with the same count, the one with the smaller first token id wins, then the
 * smaller second id. Training is deterministic.
 */
final class BpeTrainer {
    private BpeTrainer() {
    }

    /** Up to {@code merges} merges, in order; each is {left, right}, and merge i makes token 256 + i. */
    static List<int[]> train(List<String> chunks, int merges) {
        Map<String, Integer> frequency = new HashMap<>();
        chunks.forEach(chunk -> frequency.merge(chunk, 1, Integer::sum));
        return train(frequency, merges);
    }

    /** As {@link #train(List, int)}, from each distinct chunk's count. */
    static List<int[]> train(Map<String, Integer> frequency, int merges) {
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        frequency.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            words.add(bytesOf(entry.getKey()));
            counts.add(entry.getValue());
        });

        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> wordsWithPair = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            addPairs(words.get(w), counts.get(w), w, pairCounts, wordsWithPair);
        }
        PriorityQueue<long[]> queue = new PriorityQueue<>(BpeTrainer::compare);
        pairCounts.forEach((pair, count) -> queue.add(new long[] {count, pair}));

        List<int[]> result = new ArrayList<>();
        while (result.size() < merges && !queue.isEmpty()) {
            long[] top = queue.poll();
            long pair = top[1];
            long current = pairCounts.getOrDefault(pair, 0L);
            if (current != top[0]) {
                if (current > 0) {
                    queue.add(new long[] {current, pair}); // stale entry: requeue with the true count
                }
                continue;
            }
            int left = (int) (pair >>> 32);
            int right = (int) pair;
            int merged = 256 + result.size();
            result.add(new int[] {left, right});
            Map<Long, Long> changed = new HashMap<>();
            for (int w : List.copyOf(wordsWithPair.getOrDefault(pair, Set.of()))) {
                int[] word = words.get(w);
                long weight = counts.get(w);
                removePairs(word, weight, pairCounts, changed);
                int[] rewritten = merge(word, left, right, merged);
                words.set(w, rewritten);
                addPairs(rewritten, weight, w, pairCounts, wordsWithPair);
                for (int i = 0; i + 1 < rewritten.length; i++) {
                    changed.put(key(rewritten[i], rewritten[i + 1]), 0L);
                }
            }
            pairCounts.remove(pair);
            wordsWithPair.remove(pair);
            changed.keySet().forEach(p -> {
                long count = pairCounts.getOrDefault(p, 0L);
                if (count > 0) {
                    queue.add(new long[] {count, p});
                } else {
                    pairCounts.remove(p);
                }
            });
        }
        return result;
    }

    /** A chunk's UTF-8 bytes, each a token 0..255. */
    static int[] bytesOf(String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        int[] word = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            word[i] = bytes[i] & 0xFF;
        }
        return word;
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** {@code word} with every non-overlapping (left, right), from the left, replaced by {@code merged}. */
    static int[] merge(int[] word, int left, int right, int merged) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void addPairs(int[] word, long weight, int w, Map<Long, Long> pairCounts, Map<Long, Set<Integer>> wordsWithPair) {
        for (int i = 0; i + 1 < word.length; i++) {
            long pair = key(word[i], word[i + 1]);
            pairCounts.merge(pair, weight, Long::sum);
            wordsWithPair.computeIfAbsent(pair, p -> new HashSet<>()).add(w);
        }
    }

    private static void removePairs(int[] word, long weight, Map<Long, Long> pairCounts, Map<Long, Long> changed) {
        for (int i = 0; i + 1 < word.length; i++) {
            long pair = key(word[i], word[i + 1]);
            pairCounts.merge(pair, -weight, Long::sum);
            changed.put(pair, 0L);
        }
    }

    // Highest count first; ties: smaller (left, right) first.
    private static int compare(long[] a, long[] b) {
        if (a[0] != b[0]) {
            return Long.compare(b[0], a[0]);
        }
        return Long.compare(a[1], b[1]);
    }
}
