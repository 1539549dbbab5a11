package org.minigpt.core.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minigpt.api.model.Batch;
import org.minigpt.core.data.BatchSampler;
import org.minigpt.core.data.TokenSplit;

/** Token indices past one Java array's 2^31, on sparse shard files: 4.8 GB long, a few blocks on disk. */
class ShardedTokensTest {
    private static final long SHARD = 1_200_000_000L; // uint16 tokens: 2.4 GB a shard

    @TempDir
    Path dir;

    @Test
    void windowsPastTwoToTheThirtyFirstAndAcrossShardsReadTheTokensWrittenThere() throws Exception {
        List<FileChannel> channels = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            Path file = dir.resolve("shard-" + shard);
            try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
                sparse.setLength(SHARD * 2);
            }
            channels.add(FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
        }
        long twoTo31 = 1L << 31;
        put(channels, twoTo31 - 1, 7, 8, 9); // the last index an int reaches, and past it
        put(channels, SHARD - 2, 1, 2, 3, 4); // across the shard boundary
        put(channels, 2 * SHARD - 1, 65_535); // the last token, the largest uint16
        try (ShardedTokens tokens = new ShardedTokens(channels, new long[] {SHARD, SHARD}, 2)) {
            assertEquals(2 * SHARD, tokens.length());
            assertArrayEquals(new int[] {7, 8, 9}, tokens.toArray(twoTo31 - 1, 3));
            assertArrayEquals(new int[] {1, 2, 3, 4}, tokens.toArray(SHARD - 2, 4));
            assertArrayEquals(new int[] {65_535}, tokens.toArray(2 * SHARD - 1, 1));
            assertEquals(1, tokens.shardOf(SHARD));
            assertThrows(IndexOutOfBoundsException.class, () -> tokens.toArray(2 * SHARD - 1, 2));

            TokenSplit split = TokenSplit.of(tokens, new long[] {0}, 0.1, 65);
            assertEquals(2_160_000_000L, split.train().length());
            assertArrayEquals(new int[] {7, 8, 9}, split.train().toArray(twoTo31 - 1, 3));
            assertArrayEquals(new int[] {65_535}, split.validation().toArray(split.validation().length() - 1, 1));

        }
    }

    @Test
    void batchesOfAStreamPastTwoToTheThirtyFirstDrawOffsetsOverAllOfIt() {
        long length = 3_000_000_000L;
        List<Long> offsets = new ArrayList<>();
        org.minigpt.core.data.TokenStream recording = new org.minigpt.core.data.TokenStream() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public void read(long from, int[] into, int offset, int count) {
                offsets.add(from);
                for (int i = 0; i < count; i++) {
                    into[offset + i] = (int) ((from + i) % 65_536);
                }
            }
        };
        Batch batch = new BatchSampler(recording, 64, 32, 1).batch(0);
        for (int i = 1; i < 20; i++) {
            new BatchSampler(recording, 64, 32, 1).batch(i);
        }
        assertTrue(offsets.stream().anyMatch(offset -> offset > 1L << 31), "some windows start past 2^31");
        assertTrue(offsets.stream().allMatch(offset -> offset >= 0 && offset + 65 <= length), "every window inside the stream");
        long first = offsets.get(0);
        assertEquals((int) ((first + 1) % 65_536), batch.targets()[0], "targets are the inputs one token on");
    }

    private static void put(List<FileChannel> channels, long index, int... values) throws Exception {
        for (int i = 0; i < values.length; i++) {
            long at = index + i;
            ByteBuffer bytes = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) values[i]).flip();
            channels.get((int) (at / SHARD)).write(bytes, (at % SHARD) * 2);
        }
    }
}
