package org.minigpt.core.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;
import org.minigpt.core.data.TokenStream;

/**
 * A prepared corpus's tokens, read window by window from its shard files with positional reads. Only
 * the windows a batch needs are read, so neither the heap nor the process's resident memory grows
 * with the corpus (a memory map would count every page it touches as resident).
 */
final class ShardedTokens implements TokenStream {
    private final List<FileChannel> shards;
    /** starts[i]: the first token of shard i; starts[shards]: the total. */
    private final long[] starts;
    private final int tokenBytes;
    private final ThreadLocal<ByteBuffer> buffers;

    ShardedTokens(List<FileChannel> shards, long[] tokensPerShard, int tokenBytes) {
        this.shards = List.copyOf(shards);
        this.starts = new long[tokensPerShard.length + 1];
        for (int i = 0; i < tokensPerShard.length; i++) {
            starts[i + 1] = starts[i] + tokensPerShard[i];
        }
        this.tokenBytes = tokenBytes;
        this.buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public long length() {
        return starts[starts.length - 1];
    }

    @Override
    public void read(long from, int[] into, int offset, int count) {
        if (from < 0 || count < 0 || from + count > length()) {
            throw new IndexOutOfBoundsException("tokens " + from + "+" + count + " of " + length());
        }
        long at = from;
        int done = 0;
        while (done < count) {
            int shard = shardOf(at);
            long inShard = at - starts[shard];
            int n = (int) Math.min(count - done, Math.min(starts[shard + 1] - at, (1 << 16) / tokenBytes));
            ByteBuffer buffer = buffers.get();
            buffer.clear().limit(n * tokenBytes);
            readFully(shards.get(shard), buffer, inShard * tokenBytes);
            buffer.flip();
            for (int i = 0; i < n; i++) {
                into[offset + done + i] = tokenBytes == 2 ? Short.toUnsignedInt(buffer.getShort()) : buffer.getInt();
            }
            done += n;
            at += n;
        }
    }

    /** The shard holding token {@code index}: the last whose start is at most it. */
    int shardOf(long index) {
        int found = Arrays.binarySearch(starts, 0, starts.length - 1, index);
        if (found >= 0) {
            while (found + 1 < starts.length - 1 && starts[found + 1] == index) {
                found++; // an empty shard starts where the next does
            }
            return found;
        }
        return -found - 2;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) {
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new IOException("a shard ended early");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (FileChannel channel : shards) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a read-only channel loses nothing
            }
        }
    }
}
