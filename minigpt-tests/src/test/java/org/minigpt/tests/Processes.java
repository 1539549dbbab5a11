package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code bin/minigpt} as a real process: started, read line by line, signalled. */
final class Processes {
    private Processes() {
    }

    static long latestStep(Path run) throws Exception {
        try (Stream<Path> entries = Files.list(run.resolve("checkpoints"))) {
            return entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("step-"))
                    .mapToLong(name -> Long.parseLong(name.substring("step-".length()))).max().orElse(-1);
        }
    }

    static Process start(Path errFile, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(TestData.projectRoot().resolve("bin/minigpt").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(errFile.toFile()).start();
    }

    static BufferedReader reader(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Reads lines until {@code pattern}'s first group reaches {@code atLeast}. */
    static void waitFor(BufferedReader out, Pattern pattern, long atLeast) throws Exception {
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.add(line);
            Matcher matcher = pattern.matcher(line);
            if (matcher.find() && Long.parseLong(matcher.group(1)) >= atLeast) {
                return;
            }
        }
        throw new AssertionError("the process ended before " + pattern + " reached " + atLeast + ":\n" + String.join("\n", seen));
    }

    static List<String> drain(BufferedReader out) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }
}
