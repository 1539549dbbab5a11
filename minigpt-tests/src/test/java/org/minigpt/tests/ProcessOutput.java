package org.minigpt.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process's standard output, read line by line on a thread of its own so that every wait on it has a time
 * bound: a child that hangs, or ignores a signal and keeps printing, is killed and fails the test instead of
 * hanging the suite.
 */
final class ProcessOutput {
    /** The longest any one wait on a child may take. */
    static final Duration LIMIT = Duration.ofMinutes(3);

    private final Process process;
    private final BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private boolean ended;

    ProcessOutput(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(Optional.of(line));
            }
        } catch (IOException e) {
            // the stream closed under the reader: the output has ended
        }
        lines.add(Optional.empty());
    }

    /** The next line, or null once the output has ended; within {@link #LIMIT}. */
    String readLine() throws InterruptedException {
        return next(System.nanoTime() + LIMIT.toNanos(), "a line of output");
    }

    /** Reads lines until {@code pattern}'s first group reaches {@code atLeast}, within {@link #LIMIT}. */
    void waitFor(Pattern pattern, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        for (String line = next(deadline, pattern); line != null; line = next(deadline, pattern)) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find() && Long.parseLong(matcher.group(1)) >= atLeast) {
                return;
            }
        }
        throw new AssertionError("the process ended before " + pattern + " reached " + atLeast + ":\n" + String.join("\n", seen));
    }

    /** Every line left, up to the output's end, within {@code limit}. */
    List<String> drain(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> rest = new ArrayList<>();
        for (String line = next(deadline, "the end of output"); line != null; line = next(deadline, "the end of output")) {
            rest.add(line);
        }
        return rest;
    }

    List<String> drain() throws InterruptedException {
        return drain(LIMIT);
    }

    private String next(long deadline, Object awaited) throws InterruptedException {
        if (ended) {
            return null;
        }
        Optional<String> line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
            process.destroyForcibly();
            throw new AssertionError("waited too long for " + awaited + " from process "
                    + process.pid() + "; killed it. Output so far:\n" + String.join("\n", seen));
        }
        if (line.isEmpty()) {
            ended = true;
            return null;
        }
        seen.add(line.get());
        return line.get();
    }
}
