package org.homebound.telephony.adapter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * One lane per call: a call's event deliveries run one after another, in the order they were
 * submitted, while different calls' run side by side. A caller's keys 2-0-0-7 reach the application
 * as 2-0-0-7 even when the work manager has sixteen threads. Each delivery calls {@link #done} when
 * it has ended, however it ended; that starts the next one waiting in its lane.
 *
 * @param <K> what identifies a lane (an endpoint and a call)
 */
final class CallLanes<K> {

    /** Lanes with a delivery under way, and the deliveries waiting behind it. */
    private final Map<K, Deque<Runnable>> busy = new HashMap<>();

    /** Starts {@code delivery} now if its lane is idle, else after the ones before it. */
    void submit(K lane, Runnable delivery) {
        synchronized (this) {
            Deque<Runnable> waiting = busy.get(lane);
            if (waiting != null) {
                waiting.add(delivery);
                return;
            }
            busy.put(lane, new ArrayDeque<>());
        }
        delivery.run();
    }

    /** The delivery under way in this lane has ended: the next one starts. */
    void done(K lane) {
        Runnable next;
        synchronized (this) {
            Deque<Runnable> waiting = busy.get(lane);
            if (waiting == null) {
                return;
            }
            next = waiting.poll();
            if (next == null) {
                busy.remove(lane);
                return;
            }
        }
        next.run();
    }

    /** Lanes with a delivery under way (for tests and monitoring). */
    synchronized int busyLanes() {
        return busy.size();
    }
}
