package org.minigpt.core.internal.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.minigpt.core.corpus.Manifest;

/**
 * Writes a token stream into shard files of at most {@code shardTokens} tokens, little-endian, of
 * {@code tokenBytes} bytes each. A shard is written under a {@code .part} name and renamed when whole,
 * so a shard file that exists is never torn.
 */
final class ShardWriter implements AutoCloseable {
    static final String PART = ".part";
    private final Path folder;
    private final int tokenBytes;
    private final long shardTokens;
    private final List<Manifest.Shard> shards = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private FileChannel channel;
    private Path partFile;
    private long inShard;

    ShardWriter(Path folder, int tokenBytes, long shardTokens) {
        this.folder = folder;
        this.tokenBytes = tokenBytes;
        this.shardTokens = shardTokens;
    }

    int tokenBytes() {
        return tokenBytes;
    }

    /** {@code tokens} as this writer stores them: little-endian, {@code tokenBytes} each (done on the encoding threads). */
    static ByteBuffer bytesOf(int[] tokens, int tokenBytes) {
        ByteBuffer bytes = ByteBuffer.allocate(tokens.length * tokenBytes).order(ByteOrder.LITTLE_ENDIAN);
        if (tokenBytes == 2) {
            for (int token : tokens) {
                bytes.putShort((short) token);
            }
        } else {
            bytes.asIntBuffer().put(tokens);
        }
        return bytes.clear();
    }

    /** Writes tokens {@link #bytesOf} made, starting a new shard whenever one is full. */
    void write(ByteBuffer tokens) throws IOException {
        while (tokens.hasRemaining()) {
            if (channel == null) {
                open();
            }
            long room = (shardTokens - inShard) * tokenBytes;
            ByteBuffer part = tokens.slice(tokens.position(), (int) Math.min(room, tokens.remaining()));
            tokens.position(tokens.position() + part.remaining());
            inShard += part.remaining() / tokenBytes;
            crc.update(part.duplicate());
            while (part.hasRemaining()) {
                channel.write(part);
            }
            if (inShard == shardTokens) {
                finishShard();
            }
        }
    }

    /** The shards written, once every token has been; the last shard is finished here. */
    List<Manifest.Shard> finish() throws IOException {
        if (channel != null) {
            finishShard();
        }
        return List.copyOf(shards);
    }

    private void open() throws IOException {
        partFile = folder.resolve(Manifest.shardName(shards.size()) + PART);
        channel = FileChannel.open(partFile, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        crc.reset();
        inShard = 0;
    }

    private void finishShard() throws IOException {
        channel.force(false);
        channel.close();
        channel = null;
        String name = Manifest.shardName(shards.size());
        Files.move(partFile, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        shards.add(new Manifest.Shard(name, inShard, HexFormat.of().toHexDigits((int) crc.getValue())));
        partFile = null;
    }

    /** Leaves no {@code .part} file behind when the writing stopped early. */
    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
        if (partFile != null) {
            Files.deleteIfExists(partFile);
        }
    }
}
