package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code bin/minigpt} as a real process: started, read line by line (within time bounds), signalled. */
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

    /** The child's output, every wait on it bounded. */
    static ProcessOutput reader(Process process) {
        return new ProcessOutput(process);
    }

    static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }
}
