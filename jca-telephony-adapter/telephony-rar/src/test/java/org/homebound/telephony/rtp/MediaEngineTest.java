package org.homebound.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.audio.AudioEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The media engine carries many calls on a fixed number of threads: 200 deposits at once, each
 * playing its prompt and recording its caller, on two loops.
 */
class MediaEngineTest {

    private static final int CALLS = 200;
    private static final int LOOPS = 2;
    private static final int PROMPT_PACKETS = 10;
    private static final int CALLER_PACKETS = 50;

    private final List<Thread> started = new CopyOnWriteArrayList<>();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private MediaEngine engine;

    @AfterEach
    void close() throws Exception {
        if (engine != null) {
            engine.stop();
        }
        for (DatagramChannel c : channels) {
            c.close();
        }
    }

    private DatagramChannel channel() throws Exception {
        DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        c.configureBlocking(false);
        channels.add(c);
        return c;
    }

    private long liveMediaThreads() {
        return started.stream().filter(Thread::isAlive).count();
    }

    @Test
    void twoHundredDepositsPlayAndRecordOnTwoThreadsThatEndWithTheEngine() throws Exception {
        engine = new MediaEngine(LOOPS, work -> {
            Thread t = new Thread(work, "media-test");
            t.setDaemon(true);
            started.add(t);
            t.start();
        });
        Map<String, RecordedAudio> recorded = new ConcurrentHashMap<>();
        Map<String, MediaStatistics> statistics = new ConcurrentHashMap<>();
        CountDownLatch finished = new CountDownLatch(CALLS);
        RtpSession.Listener listener = new RtpSession.Listener() {
            @Override
            public void recorded(RtpSession session, MediaStep step, RecordedAudio recording, RecordingEnd end, String key,
                                 MediaStatistics stats, Instant recordingStartedAt) {
                recorded.put(session.callId(), recording);
                statistics.put(session.callId(), stats);
            }

            @Override
            public void collected(RtpSession session, MediaStep step, String digits, MenuInput.End end) {
            }

            @Override
            public void finished(RtpSession session, RtpSession.End end) {
                finished.countDown();
            }
        };
        byte[] prompt = new byte[PROMPT_PACKETS * 160];
        List<RtpSession> sessions = new ArrayList<>();
        List<DatagramChannel> callers = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            DatagramChannel caller = channel();
            callers.add(caller);
            RtpSession s = new RtpSession("call-" + i, channel(), (InetSocketAddress) caller.getLocalAddress(), AudioEncoding.PCMU,
                    0, 101, MediaStep.deposit(prompt, Duration.ofSeconds(60), Duration.ZERO), Duration.ofSeconds(10), listener);
            sessions.add(s);
            engine.add(s);
        }
        assertEquals(LOOPS, started.size(), "threads started for " + CALLS + " calls");
        assertEquals(CALLS, engine.sessions());

        // Every caller hears its whole prompt, then speaks a second of tone and hangs up.
        ByteBuffer in = ByteBuffer.allocate(2048);
        for (int i = 0; i < CALLS; i++) {
            int heard = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heard < PROMPT_PACKETS && System.nanoTime() < deadline) {
                in.clear();
                if (callers.get(i).receive(in) != null) {
                    heard++;
                } else {
                    Thread.sleep(5);
                }
            }
            assertEquals(PROMPT_PACKETS, heard, "prompt packets heard by caller " + i);
        }
        byte[] packet = new byte[RtpPacket.HEADER + 160];
        for (int i = 0; i < CALLS; i++) {
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), sessions.get(i).localPort());
            for (int n = 0; n < CALLER_PACKETS; n++) {
                RtpPacket.writeHeader(packet, 0, n == 0, 1000 + n, 160L * n, 4242 + i);
                for (int k = 0; k < 160; k++) {
                    packet[RtpPacket.HEADER + k] = AudioEncoding.PCMU.encode((short) (8000 * Math.sin(2 * Math.PI * 400 * (160 * n + k) / 8000.0)));
                }
                callers.get(i).send(ByteBuffer.wrap(packet), server);
            }
            sessions.get(i).stop(RtpSession.End.CALLER_HUNG_UP);
        }
        assertTrue(finished.await(20, TimeUnit.SECONDS), finished.getCount() + " sessions still running");
        assertEquals(CALLS, recorded.size());
        for (int i = 0; i < CALLS; i++) {
            assertEquals(CALLER_PACKETS * 160, recorded.get("call-" + i).length(), "samples recorded for call " + i);
            assertEquals(0, statistics.get("call-" + i).packetsLost(), "call " + i);
        }
        // A session tells its listener it is over before its loop lets go of it: give the loop its moment.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (engine.sessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, engine.sessions());
        assertEquals(LOOPS, liveMediaThreads(), "the loops wait for the next calls");
        assertEquals(LOOPS, started.size(), "no thread was started for any call");

        engine.stop();
        for (Thread t : started) {
            t.join(2000);
        }
        assertEquals(0, liveMediaThreads(), "the media threads end with the engine");
        engine = null;
    }

    @Test
    void aStoppedEngineEndsItsCallsAndTakesNoMore() throws Exception {
        engine = new MediaEngine(1, work -> {
            Thread t = new Thread(work, "media-test");
            t.setDaemon(true);
            started.add(t);
            t.start();
        });
        List<RtpSession.End> ends = new CopyOnWriteArrayList<>();
        RtpSession.Listener listener = new RtpSession.Listener() {
            @Override
            public void recorded(RtpSession session, MediaStep step, RecordedAudio recording, RecordingEnd end, String key,
                                 MediaStatistics stats, Instant recordingStartedAt) {
            }

            @Override
            public void collected(RtpSession session, MediaStep step, String digits, MenuInput.End end) {
            }

            @Override
            public void finished(RtpSession session, RtpSession.End end) {
                ends.add(end);
            }
        };
        DatagramChannel caller = channel();
        RtpSession s = new RtpSession("call", channel(), (InetSocketAddress) caller.getLocalAddress(), AudioEncoding.PCMU, 0, 101,
                MediaStep.collect("menu", new byte[0], 4, Duration.ofSeconds(30)), Duration.ofSeconds(30), listener);
        engine.add(s);
        engine.stop();
        assertEquals(List.of(RtpSession.End.ADAPTER_STOPPED), ends);
        RtpSession late = new RtpSession("late", channel(), (InetSocketAddress) caller.getLocalAddress(), AudioEncoding.PCMU, 0, 101,
                MediaStep.collect("menu", new byte[0], 4, Duration.ofSeconds(30)), Duration.ofSeconds(30), listener);
        assertEquals("the media engine is stopped",
                assertThrows(IOException.class, () -> engine.add(late)).getMessage());
        engine = null;
    }
}
