package org.minigpt.core.internal.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.minigpt.api.MinigptException;
import org.minigpt.core.run.RunProblem;

/**
 * The one writer of a run directory: an OS file lock on {@code DIR/.lock}, held while a process trains
 * into the run. The operating system drops it when the process ends, however it ends, so a killed
 * trainer never blocks the next one; the file itself stays and only says who held it last.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".lock";
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of the run at {@code runDir}, creating the folder if needed.
     *
     * @throws MinigptException if another process (or another run in this one) holds it
     */
    public static RunLock acquire(Path runDir) {
        FileChannel channel = null;
        try {
            Files.createDirectories(runDir);
            channel = FileChannel.open(runDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this process already
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw RunProblem.locked(runDir, holder);
            }
            String owner = "pid " + ProcessHandle.current().pid() + ", since " + SINCE.format(Instant.now()) + "\n";
            byte[] bytes = owner.getBytes(StandardCharsets.UTF_8);
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.truncate(bytes.length);
            channel.force(false);
            return new RunLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new MinigptException("cannot lock run directory " + runDir + " (" + e.getMessage()
                    + "); check that it is writable");
        }
    }

    /**
     * " (pid N, since TIME)" from the lock file, or "" where the holder left nothing readable. The holder
     * writes it just after taking the lock, so an empty file, or one naming a process that has ended
     * (killed before it could clear it), is read again for up to a second.
     */
    private static String holder(FileChannel channel) {
        try {
            for (int attempt = 0; attempt < 20; attempt++) {
                ByteBuffer buffer = ByteBuffer.allocate(200);
                int read = channel.read(buffer, 0);
                String text = read <= 0 ? "" : new String(buffer.array(), 0, read, StandardCharsets.UTF_8).trim();
                if (text.startsWith("pid ") && text.contains("since ") && alive(text)) {
                    return " (" + text + ")";
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            return ""; // where locks are mandatory the holder's file cannot be read
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private static boolean alive(String owner) {
        try {
            long pid = Long.parseLong(owner.substring("pid ".length(), owner.indexOf(',')));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
        }
    }

    @Override
    public void close() {
        try {
            channel.truncate(0); // the next holder's refused rivals must not read this process's pid
            lock.release();
        } catch (IOException ignored) {
            // the channel's close below releases it too
        }
        closeQuietly(channel);
    }
}
