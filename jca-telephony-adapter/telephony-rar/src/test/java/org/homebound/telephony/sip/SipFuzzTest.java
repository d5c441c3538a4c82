package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.api.SubscriptionRequested;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.testing.SipTestPhone;
import org.junit.jupiter.api.Test;

/**
 * Hardening: over 10,000 malformed or mutated SIP messages, derived from real INVITEs (with SDP),
 * SUBSCRIBEs, BYEs and OPTIONS, sent at the real trunk over UDP and TCP. Afterwards the trunk still
 * answers and takes a call, nothing the fuzz offered is left pending, and once stopped it has left
 * no thread and no socket behind. The random seed is printed so a failure can be replayed
 * ({@code -Dfuzz.seed=...}).
 */
class SipFuzzTest {

    private static final int MESSAGES = Integer.getInteger("fuzz.messages", 10_500);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final QueueingServices services = new QueueingServices();
    private final BlockingQueue<CallEvent> events = services.events;

    @Test
    void tenThousandMutatedMessagesLeaveTheTrunkWorkingAndNothingBehind() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("SipFuzzTest seed " + seed);
        Random random = new Random(seed);
        AtomicInteger longestWarning = new AtomicInteger();
        java.util.logging.Logger stackLog = java.util.logging.Logger.getLogger("org.homebound.telephony.sip.stack");
        java.util.logging.Handler watch = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue() && record.getMessage() != null) {
                    longestWarning.accumulateAndGet(record.getMessage().length(), Math::max);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        stackLog.addHandler(watch);
        stackLog.setUseParentHandlers(false); // the fuzz would print megabytes otherwise
        int threadsBefore = Thread.activeCount();
        long socketsBefore = openSockets();
        int port = freePort();
        int rtp = freePort() & ~1;
        SipTrunkDriver driver = new SipTrunkDriver(new SipTrunkSettings("127.0.0.1", port, List.of("udp", "tcp"), "", rtp, rtp + 20,
                Duration.ofSeconds(1), Duration.ofSeconds(2), "", TrustedPeers.parse("127.0.0.1"), 0, 0), services);
        driver.start();
        try {
            List<String> seeds = seeds(port);
            int tcp = 0;
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                udp.setSoTimeout(1);
                byte[] sink = new byte[65536];
                for (int i = 0; i < MESSAGES; i++) {
                    byte[] message = mutate(seeds.get(random.nextInt(seeds.size())), random, seeds);
                    if (i % 50 == 0) {
                        sendTcp(port, message);
                        tcp++;
                    } else {
                        udp.send(new DatagramPacket(message, Math.min(message.length, 65_000), new InetSocketAddress("127.0.0.1", port)));
                    }
                    drainReplies(udp, sink);
                    answerWhatWasOffered(driver);
                    if (i % 200 == 0) {
                        driver.sweep();
                    }
                }
            }
            System.out.println("SipFuzzTest sent " + MESSAGES + " messages, " + tcp + " of them over TCP");
            Thread.sleep(1500);
            answerWhatWasOffered(driver);
            driver.sweep();

            try (SipTestPhone phone = new SipTestPhone("127.0.0.1", port)) {
                SipTestPhone.Call options = phone.options("sip:8000@127.0.0.1:" + port);
                SipTestPhone.Message alive = phone.await(options.callId, WAIT);
                assertNotNull(alive, "the trunk still answers OPTIONS");
                assertEquals(200, alive.status());
                events.clear();
                SipTestPhone.Call call = phone.invite("sip:8000@127.0.0.1:" + port, "sip:1000@127.0.0.1", "sip:2001@127.0.0.1",
                        Map.of("Diversion", "<sip:2001@127.0.0.1>;reason=no-answer"), AudioEncoding.PCMU);
                CallOffered offered = nextOffer();
                assertEquals("2001", offered.calledNumber());
                driver.reject(offered.callId(), RejectCause.NO_SUCH_MAILBOX);
                assertEquals(404, call.awaitFinal(WAIT).status(), "a real call is still handled");
            }
            long deadline = System.currentTimeMillis() + 5000;
            while ((driver.activeCalls() > 0 || driver.subscriptions() > 0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                driver.sweep();
            }
            assertEquals(0, driver.activeCalls(), "no call the fuzz started is left pending");
            assertEquals(0, driver.subscriptions(), "no subscription either (none was accepted)");
        } finally {
            driver.stop();
            stackLog.removeHandler(watch);
            stackLog.setUseParentHandlers(true);
        }
        assertTrue(longestWarning.get() > 0, "the fuzz made the stack warn");
        assertTrue(longestWarning.get() <= JBossStackLogger.MAX_LOGGED + 40,
                "a peer's garbage is logged bounded, not whole: longest warning " + longestWarning.get() + " characters");
        long deadline = System.currentTimeMillis() + 10_000;
        while ((Thread.activeCount() > threadsBefore + 1 || openSockets() > socketsBefore + 1) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(Thread.activeCount() <= threadsBefore + 1, "threads before " + threadsBefore + ", after stop " + Thread.activeCount()
                + ": " + Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
        assertTrue(openSockets() <= socketsBefore + 1, "sockets before " + socketsBefore + ", after stop " + openSockets());
    }

    private CallOffered nextOffer() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            CallEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof CallOffered offered && offered.callingNumber().equals("1000")) {
                return offered;
            }
        }
        throw new AssertionError("the real call was not offered");
    }

    /** What the fuzz happened to make valid is refused, as the application would refuse a stranger. */
    private void answerWhatWasOffered(SipTrunkDriver driver) {
        CallEvent e;
        while ((e = events.poll()) != null) {
            try {
                if (e instanceof CallOffered offered) {
                    driver.reject(offered.callId(), RejectCause.NO_SUCH_MAILBOX);
                } else if (e instanceof SubscriptionRequested subscription) {
                    driver.rejectSubscription(subscription.callId(), RejectCause.NO_SUCH_MAILBOX);
                }
            } catch (RuntimeException gone) {
                // already timed out or cancelled by a later fuzz message
            }
        }
    }

    private static void drainReplies(DatagramSocket udp, byte[] sink) {
        try {
            while (true) {
                udp.receive(new DatagramPacket(sink, sink.length));
            }
        } catch (IOException none) {
            // nothing more waiting
        }
    }

    private static void sendTcp(int port, byte[] message) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            s.setSoTimeout(50);
            OutputStream out = s.getOutputStream();
            out.write(message);
            out.flush();
            try {
                s.getInputStream().read(new byte[4096]); // a reply, or nothing
            } catch (IOException ignored) {
                // the server may close or stay silent
            }
        } catch (IOException refusedOrReset) {
            // a server dropping a garbage connection is a fine answer
        }
    }

    /** Real messages as a PBX and a phone send them: the raw material of the mutations. */
    private static List<String> seeds(int port) {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
        String head = "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK%s;rport\r\nMax-Forwards: 70\r\n"
                + "From: <sip:1000@127.0.0.1>;tag=f%s\r\nTo: <sip:2001@127.0.0.1>%s\r\nCall-ID: fuzz-%s@127.0.0.1\r\n";
        return List.of(
                "INVITE sip:8000@127.0.0.1:" + port + " SIP/2.0\r\n" + head.formatted("inv", "1", "", "inv")
                        + "CSeq: 1 INVITE\r\nContact: <sip:1000@127.0.0.1:5060>\r\nDiversion: <sip:2001@127.0.0.1>;reason=no-answer;counter=1\r\n"
                        + "History-Info: <sip:2001@127.0.0.1?Reason=SIP%3Bcause%3D408>;index=1, <sip:8000@127.0.0.1;cause=408>;index=1.1\r\n"
                        + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp,
                "SUBSCRIBE sip:2001@127.0.0.1:" + port + " SIP/2.0\r\n" + head.formatted("sub", "2", "", "sub")
                        + "CSeq: 1 SUBSCRIBE\r\nContact: <sip:2001@127.0.0.1:5060>\r\nEvent: message-summary\r\n"
                        + "Accept: application/simple-message-summary\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n",
                "BYE sip:voicemail@127.0.0.1:" + port + " SIP/2.0\r\n" + head.formatted("bye", "3", ";tag=abc", "inv")
                        + "CSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n",
                "OPTIONS sip:8000@127.0.0.1:" + port + " SIP/2.0\r\n" + head.formatted("opt", "4", "", "opt")
                        + "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    }

    private static final String[] NASTY = {
        "", "-1", "0", "4294967296", "99999999999999999999", "%s%s%s%n", "\u0000", "<sip:@>", "sip:" + "9".repeat(5000) + "@x",
        "\u00e9\u4e2d\ud83d\ude00", "A".repeat(8192), "\r\nInjected: yes", ";;;;;;", "<<<>>>", "sip:a@[::1", "1 INVITE INVITE",
        "message-summary;id=" + "x".repeat(300), "application/sdp; boundary=\"", "SIP/2.0/UDP", "z9hG4bK", "IN IP4 999.999.999.999",
    };

    /** One mutation (sometimes two) of a seed message. */
    static byte[] mutate(String seed, Random r, List<String> seeds) {
        List<String> lines = new ArrayList<>(Arrays.asList(seed.split("\r\n", -1)));
        int rounds = 1 + r.nextInt(2);
        for (int k = 0; k < rounds; k++) {
            int i = r.nextInt(lines.size());
            switch (r.nextInt(10)) {
                case 0 -> lines.remove(i);
                case 1 -> {
                    int n = 1 + r.nextInt(200);
                    for (int j = 0; j < n; j++) {
                        lines.add(i, lines.get(i));
                    }
                }
                case 2 -> {
                    String line = lines.get(i);
                    int colon = line.indexOf(':');
                    lines.set(i, (colon > 0 ? line.substring(0, colon + 1) + " " : "") + NASTY[r.nextInt(NASTY.length)]);
                }
                case 3 -> lines.set(i, "Content-Length: " + NASTY[r.nextInt(5)]);
                case 4 -> lines.set(0, NASTY[r.nextInt(NASTY.length)] + " " + lines.get(0));
                case 5 -> lines.add(i, "X-" + r.nextInt(1000) + ": " + NASTY[r.nextInt(NASTY.length)]);
                case 6 -> lines.set(0, lines.get(0).replace("SIP/2.0", r.nextBoolean() ? "SIP/3.0" : "HTTP/1.1"));
                case 7 -> lines.set(i, lines.get(i).replace("=", NASTY[r.nextInt(NASTY.length)]));
                case 8 -> lines.addAll(Arrays.asList(seeds.get(r.nextInt(seeds.size())).split("\r\n"))); // two messages spliced
                default -> lines.set(i, new StringBuilder(lines.get(i)).reverse().toString());
            }
        }
        byte[] bytes = String.join(r.nextInt(20) == 0 ? "\n" : "\r\n", lines).getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(6)) {
            case 0 -> bytes = Arrays.copyOf(bytes, r.nextInt(bytes.length + 1)); // truncated
            case 1 -> {
                for (int j = 0; j < 1 + r.nextInt(10); j++) {
                    bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8)); // flipped bits
                }
            }
            default -> {
                // the line-level mutation alone
            }
        }
        return bytes;
    }

    /** Sockets this JVM holds open (Linux: /proc/self/fd entries that are sockets). */
    private static long openSockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
