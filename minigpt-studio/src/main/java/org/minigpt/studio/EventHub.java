package org.minigpt.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.minigpt.http.EventStream;

/**
 * The training run's events for every open page: a page that connects late first gets what it
 * missed since the run started, then each new event as it happens.
 */
final class EventHub {
    private static final int MAX_HISTORY = 20_000;

    private final List<String> history = new ArrayList<>();
    private final List<BlockingQueue<String>> subscribers = new CopyOnWriteArrayList<>();

    /** Forgets the previous run's events; the pages see {@code event} and start over. */
    synchronized void restart(String event, Object data) {
        history.clear();
        publish(event, data);
    }

    synchronized void publish(String event, Object data) {
        String frame = EventStream.frame(event, data);
        if (history.size() < MAX_HISTORY) {
            history.add(frame);
        }
        subscribers.forEach(queue -> queue.offer(frame));
    }

    synchronized BlockingQueue<String> subscribe() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>(history);
        subscribers.add(queue);
        return queue;
    }

    void unsubscribe(BlockingQueue<String> queue) {
        subscribers.remove(queue);
    }
}
