package org.minigpt.cli.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during training ask the loop to stop after its current step and save
 * a checkpoint, instead of killing the JVM mid-step; a second signal quits at once (checkpoints are
 * written atomically, so that loses only the unsaved steps). Uses {@code sun.misc.Signal} from
 * {@code jdk.unsupported}: the JDK's only way to handle a signal without starting shutdown, since a
 * shutdown hook cannot let the program finish and choose its exit code.
 */
public final class StopSignal implements BooleanSupplier, AutoCloseable {
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final Runnable onFirstSignal;
    private volatile Signal received;

    private StopSignal(Runnable onFirstSignal) {
        this.onFirstSignal = onFirstSignal;
    }

    /** Handles INT and TERM until {@link #close}; {@code onFirstSignal} tells the user what happens. */
    public static StopSignal install(Runnable onFirstSignal) {
        StopSignal stop = new StopSignal(onFirstSignal);
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                stop.previous.add(Signal.handle(signal, stop::handle));
                stop.signals.add(signal);
            } catch (IllegalArgumentException e) {
                // this platform lacks the signal, or the JVM reserves it (-Xrs): keep its default
            }
        }
        return stop;
    }

    private void handle(Signal signal) {
        if (received != null) {
            Runtime.getRuntime().halt(exitCode(signal.getNumber()));
        }
        received = signal;
        onFirstSignal.run();
    }

    @Override
    public boolean getAsBoolean() {
        return received != null;
    }

    /** The conventional exit code of a process ended by the received signal: 128 + its number. */
    public int exitCode() {
        return exitCode(received.getNumber());
    }

    private static int exitCode(int signalNumber) {
        return 128 + signalNumber;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
