package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's python3 running a script of {@code bench/reference}, for the PyTorch interop tests; every wait bounded. */
final class ReferencePython {
    private static final String PYTHON = "/usr/bin/python3";

    private ReferencePython() {
    }

    /** Whether python3 imports every module of {@code imports} (e.g. "torch, regex"). */
    static boolean imports(String imports) throws Exception {
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import " + imports).redirectErrorStream(true).start();
            new ProcessOutput(check).drain();
            return check.waitFor(ProcessOutput.LIMIT.toSeconds(), TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (java.io.IOException noPython) {
            return false;
        }
    }

    /** What {@code bench/reference/SCRIPT} printed (stdout and stderr), after checking it exited 0. */
    static String run(String script, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PYTHON,
                TestData.projectRoot().resolve("bench/reference").resolve(script).toString()));
        command.addAll(List.of(args));
        Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = String.join("\n", new ProcessOutput(python).drain());
        assertTrue(python.waitFor(ProcessOutput.LIMIT.toSeconds(), TimeUnit.SECONDS), script + " did not end");
        assertEquals(0, python.exitValue(), output);
        return output;
    }
}
