package org.homebound.telephony.rtp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import org.homebound.telephony.adapter.LongRunning;
import org.jboss.logging.Logger;

/**
 * Runs the media of every call on a fixed number of threads, however many calls there are. Each
 * thread is a {@link Loop}: one NIO selector over the RTP channels of its calls, and one 20 ms
 * clock that steps all of them - sends the next prompt packet, runs the timeouts, takes up a new
 * step or a key signalled by SIP. A call belongs to one loop for its whole life, so a session's
 * state is only ever touched by that loop's thread. The loops are long-running {@link Work} of the
 * resource adapter's work manager, and end with the adapter.
 */
public final class MediaEngine {

    private static final Logger LOG = Logger.getLogger(MediaEngine.class);
    /** The media clock: one G.711 packet of 20 ms per call and tick. */
    static final long TICK_NANOS = 20_000_000L;
    /** A clock this late (a stalled machine) starts again from now instead of catching up in a burst. */
    private static final long RESYNC_NANOS = 5 * TICK_NANOS;
    /** Datagrams read from one channel before the others get their turn: a flood must not starve the loop. */
    static final int READS_PER_TURN = 32;

    /** How a loop gets its thread: the work manager's long-running pool in the adapter. */
    @FunctionalInterface
    public interface Starter {
        void start(Work work) throws Exception;
    }

    private final List<Loop> loops = new ArrayList<>();

    /**
     * Starts {@code threads} loops.
     *
     * @throws IOException if a selector cannot be opened or a loop not started (the loops already started are stopped)
     */
    public MediaEngine(int threads, Starter starter) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("a media engine needs at least one thread, not " + threads);
        }
        try {
            for (int i = 0; i < threads; i++) {
                Loop loop = new Loop("media loop " + (i + 1), Selector.open());
                loops.add(loop);
                starter.start(loop);
            }
        } catch (Exception e) {
            stop();
            throw e instanceof IOException io ? io : new IOException("media engine did not start: " + e, e);
        }
    }

    /** One media thread per core, at most two: SIP, the application and the database need the rest. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Runs a session on the loop with the fewest calls; its first step begins within a tick.
     *
     * @throws IOException if the engine is stopped
     */
    public void add(RtpSession session) throws IOException {
        Loop best = null;
        for (Loop loop : loops) {
            if (loop.running && (best == null || loop.load.get() < best.load.get())) {
                best = loop;
            }
        }
        if (best == null) {
            throw new IOException("the media engine is stopped");
        }
        best.add(session);
    }

    /** Calls whose media runs now. */
    public int sessions() {
        int n = 0;
        for (Loop loop : loops) {
            n += loop.load.get();
        }
        return n;
    }

    /** Ends every loop; sessions still running end as {@link RtpSession.End#ADAPTER_STOPPED}. Waits up to 2 s. */
    public void stop() {
        for (Loop loop : loops) {
            loop.release();
        }
        for (Loop loop : loops) {
            loop.awaitEnd();
        }
    }

    /** One media thread: a selector over its calls' channels and the clock that steps them. */
    static final class Loop implements Work, WorkContextProvider {
        private final String name;
        private final Selector selector;
        private final Queue<RtpSession> arriving = new ConcurrentLinkedQueue<>();
        private final List<RtpSession> sessions = new ArrayList<>();
        private final AtomicInteger load = new AtomicInteger();
        private final CountDownLatch ended = new CountDownLatch(1);
        private final byte[] in = new byte[2048];
        private final ByteBuffer buffer = ByteBuffer.wrap(in);
        private volatile boolean running = true;
        private volatile boolean started;
        private final ClockLateness lateness = new ClockLateness();

        Loop(String name, Selector selector) {
            this.name = name;
            this.selector = selector;
        }

        void add(RtpSession session) {
            load.incrementAndGet();
            arriving.add(session);
            selector.wakeup();
            if (!running) {
                drainArriving(); // stopped meanwhile: whoever is left ends the session
            }
        }

        @Override
        public List<WorkContext> getWorkContexts() {
            return LongRunning.hints(name);
        }

        @Override
        public void run() {
            started = true;
            long nextTick = System.nanoTime();
            try {
                while (running) {
                    takeArrivals();
                    long wait = nextTick - System.nanoTime();
                    if (wait > 0) {
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)));
                    } else {
                        selector.selectNow();
                    }
                    readSelected();
                    long now = System.nanoTime();
                    if (now - nextTick >= 0) {
                        String late = lateness.tick(now, nextTick, sessions.size());
                        if (late != null) {
                            LOG.warnf("%s: %s", name, late);
                        }
                        tick(now);
                        nextTick = now - nextTick > RESYNC_NANOS ? now + TICK_NANOS : nextTick + TICK_NANOS;
                    }
                }
            } catch (IOException | RuntimeException | Error e) { // a closed selector too
                if (running) {
                    LOG.errorf(e, "%s failed; its calls end now, with what they recorded", name);
                }
            } finally {
                running = false;
                for (RtpSession s : sessions) {
                    s.endNow();
                }
                sessions.clear();
                drainArriving();
                closeSelector();
                ended.countDown();
            }
        }

        private void takeArrivals() {
            for (RtpSession s; (s = arriving.poll()) != null; ) {
                try {
                    s.register(selector);
                    sessions.add(s);
                    s.begin(System.nanoTime());
                } catch (IOException | RuntimeException e) {
                    LOG.errorf(e, "call %s: media did not start", s.callId());
                    s.endNow();
                    sessions.remove(s);
                    load.decrementAndGet();
                }
            }
        }

        private void readSelected() {
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                RtpSession s = (RtpSession) key.attachment();
                if (key.isValid() && !s.over()) {
                    try {
                        s.receive(buffer, in, READS_PER_TURN);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "call %s: media session failed, keeping what was recorded", s.callId());
                        s.endNow();
                    }
                }
            }
        }

        /** The clock: every call takes its 20 ms step; the calls that are over leave the loop. */
        private void tick(long now) {
            for (Iterator<RtpSession> it = sessions.iterator(); it.hasNext(); ) {
                RtpSession s = it.next();
                boolean goesOn;
                try {
                    goesOn = s.tick(now, buffer, in);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "call %s: media session failed, keeping what was recorded", s.callId());
                    s.endNow();
                    goesOn = false;
                }
                if (!goesOn) {
                    it.remove();
                    load.decrementAndGet();
                }
            }
        }

        /** Sessions handed over after the loop ended: they end at once, so nobody waits for them. */
        private void drainArriving() {
            for (RtpSession s; (s = arriving.poll()) != null; ) {
                s.endNow();
                load.decrementAndGet();
            }
        }

        @Override
        public void release() {
            running = false;
            selector.wakeup();
        }

        private void closeSelector() {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debugf(e, "%s: closing its selector", name);
            }
        }

        void awaitEnd() {
            try {
                if (started && !ended.await(2, TimeUnit.SECONDS)) {
                    LOG.warnf("%s did not end within 2 s", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!started) {
                drainArriving(); // never ran: nothing else will end its sessions
                closeSelector();
            }
        }
    }
}
