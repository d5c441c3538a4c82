package org.homebound.telephony.sip;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import jakarta.resource.spi.work.Work;
import org.homebound.telephony.adapter.AdapterServices;
import org.homebound.telephony.api.CallEvent;

/** The adapter as the trunk's tests see it: events go into a queue, media runs on daemon threads. */
public final class QueueingServices implements AdapterServices {

    public final BlockingQueue<CallEvent> events = new LinkedBlockingQueue<>();
    volatile boolean listening = true;
    /** Every thread the trunk asked for. */
    public final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public boolean hasListeners() {
        return listening;
    }

    @Override
    public void deliver(CallEvent event, Runnable onFailure) {
        events.add(event);
    }

    @Override
    public void startLongRunning(Work work) {
        Thread t = new Thread(work, "test-media");
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }
}
