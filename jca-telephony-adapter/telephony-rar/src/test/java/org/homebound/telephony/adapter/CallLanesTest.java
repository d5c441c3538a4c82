package org.homebound.telephony.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallLanesTest {

    @Test
    void eachCallsDeliveriesRunInOrderOnSixteenThreadsWhileCallsRunSideBySide() throws Exception {
        CallLanes<String> lanes = new CallLanes<>();
        ExecutorService workers = Executors.newFixedThreadPool(16); // the work manager
        int calls = 20;
        int keys = 200;
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(calls * keys);
        try {
            for (int k = 0; k < keys; k++) {
                for (int c = 0; c < calls; c++) {
                    String call = "call-" + c;
                    int key = k;
                    lanes.submit(call, () -> workers.execute(() -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            if (ThreadLocalRandom.current().nextInt(10) == 0) {
                                Thread.sleep(1); // some deliveries are slow: later ones must not overtake them
                            }
                            seen.computeIfAbsent(call, x -> new CopyOnWriteArrayList<>()).add(key);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            running.decrementAndGet();
                            lanes.done(call);
                            all.countDown(); // after done: the lane is idle once the last one is counted
                        }
                    }));
                }
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), "every delivery ran");
        } finally {
            workers.shutdownNow();
        }
        List<Integer> inOrder = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            inOrder.add(k);
        }
        for (int c = 0; c < calls; c++) {
            assertEquals(inOrder, seen.get("call-" + c), "call-" + c + "'s deliveries in the order submitted");
        }
        assertTrue(mostAtOnce.get() > 1, "different calls were delivered side by side");
        assertEquals(0, lanes.busyLanes(), "idle lanes are forgotten");
    }
}
