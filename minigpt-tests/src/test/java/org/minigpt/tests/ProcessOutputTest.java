package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A child that ignores SIGINT and keeps printing (as one started under nohup does) fails a wait instead of hanging it. */
@Timeout(60)
class ProcessOutputTest {
    private static Process stubborn() throws Exception {
        return new ProcessBuilder("sh", "-c", "trap '' INT; i=0; while true; do i=$((i+1)); echo \"step $i\"; sleep 0.05; done")
                .start();
    }

    @Test
    void aChildThatIgnoresSigintIsKilledWhenDrainingOutlastsItsBound() throws Exception {
        Process child = stubborn();
        ProcessOutput out = Processes.reader(child);
        out.waitFor(Pattern.compile("^step (\\d+)$"), 3);
        Processes.signal("INT", child.pid());
        AssertionError error = assertThrows(AssertionError.class, () -> out.drain(Duration.ofSeconds(2)));
        assertTrue(error.getMessage().contains("killed it"), error.getMessage());
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child was killed");
        assertFalse(child.isAlive());
    }

    @Test
    void linesAndTheEndOfOutputArriveInOrder() throws Exception {
        ProcessOutput out = Processes.reader(new ProcessBuilder("sh", "-c", "echo one; echo two").start());
        assertEquals("one", out.readLine());
        assertEquals(java.util.List.of("two"), out.drain());
        assertEquals(null, out.readLine());
    }
}
