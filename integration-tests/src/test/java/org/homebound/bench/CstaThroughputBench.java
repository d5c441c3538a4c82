package org.homebound.bench;

import static org.homebound.bench.Percentiles.ms;
import static org.homebound.bench.Percentiles.percentile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homebound.it.Calls;
import org.homebound.it.HomeboundDeployment;
import org.homebound.it.TestServer;
import org.homebound.telephony.csta.CstaEdition;
import org.homebound.telephony.testing.CstaSwitchSimulator;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How many CSTA call reports per second the deployed server turns into decisions: the whole path
 * an event takes to the MDBs and back. For each call the simulated switch writes a DeliveredEvent
 * (diverted on no answer, for an extension without a mailbox) and routes the call's INVITE to the
 * trunk, as a switch does; the driver parses the event, pairs it with the INVITE by calling number,
 * the CallOffered goes to the call-event MDB, CallStatusService decides (handle normally) and the
 * adapter sends DeflectCall to the switch, which then CANCELs the trunk leg. Up to
 * {@code bench.csta-window} calls are in flight at once. Measured: DeflectCalls per second at the
 * switch over the measured calls, and per call the time from its event written to its DeflectCall.
 *
 * <pre>wildfly-config/bin/run-tests -pl integration-tests -Pbench -Dit.test=CstaThroughputBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CstaThroughputBench {

    private static final Pattern CALL_ID = Pattern.compile("(?mi)^Call-ID:\\s*(\\S+)");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*\\d+\\s+(\\S+)");
    private static final Pattern TO = Pattern.compile("(?mi)^To:\\s*(.+?)\\r?$");
    private static final Pattern CSTA_CALL_ID = Pattern.compile("<callID>([^<]+)</callID>");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void deliveredEventsTurnedIntoDecisionsPerSecond() throws Exception {
        int warmup = 1000;
        int calls = Integer.getInteger("bench.csta-throughput-calls", 10_000);
        int window = Integer.getInteger("bench.csta-window", 50);
        int total = warmup + calls;
        long[] written = new long[total];
        long[] decided = new long[total];
        Semaphore inFlight = new Semaphore(window);
        AtomicInteger refused = new AtomicInteger();
        long pid = TestServer.pid();
        long[] cpuFrom = null;
        long[] cpuTo;
        try (CstaSwitchSimulator pbx = new CstaSwitchSimulator(CstaEdition.ED4, CstaSwitchSimulator.Flavor.OPENSCAPE,
                Integer.getInteger("it.csta.port"));
             Trunk trunk = new Trunk(Calls.SIP_PORT, inFlight, refused)) {
            if (!pbx.awaitMonitors(Duration.ofSeconds(30), "8000")) {
                throw new AssertionError("the server's CTI link did not come up");
            }
            Thread switchSide = new Thread(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        inFlight.acquire();
                        written[i] = System.nanoTime();
                        pbx.deliver("tp" + i, "8000", caller(i), "4109", "4109", "callForwardNoAnswer");
                        trunk.invite(i);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-switch");
            switchSide.setDaemon(true);
            switchSide.start();
            for (int n = 0; n < total; n++) {
                if (n == warmup) {
                    cpuFrom = TestServer.cpuTicks(pid);
                }
                CstaSwitchSimulator.Received deflect = pbx.await("DeflectCall", Duration.ofSeconds(30));
                if (deflect == null) {
                    throw new AssertionError("no DeflectCall after " + n + " of " + total + " (" + refused.get() + " refused on the trunk)");
                }
                Matcher id = CSTA_CALL_ID.matcher(deflect.text());
                if (!id.find() || !id.group(1).startsWith("tp")) {
                    throw new AssertionError("DeflectCall for an unknown call: " + deflect.text());
                }
                int i = Integer.parseInt(id.group(1).substring(2));
                decided[i] = deflect.receivedAt();
                trunk.cancel(i); // the switch takes the call elsewhere and gives up the trunk leg
            }
            cpuTo = TestServer.cpuTicks(pid);
            switchSide.join(10_000);
            if (!trunk.awaitAllEnded(Duration.ofSeconds(30))) {
                throw new AssertionError("trunk legs not ended: " + trunk.open());
            }
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] latency = new long[calls];
        for (int i = warmup; i < total; i++) {
            first = Math.min(first, written[i]);
            last = Math.max(last, decided[i]);
            latency[i - warmup] = decided[i] - written[i];
        }
        Arrays.sort(latency);
        double seconds = (last - first) / 1e9;
        double cpuSeconds = (cpuTo[0] - cpuFrom[0]) / 100.0;
        double cpuWall = (cpuTo[2] - cpuFrom[2]) / 1e9;
        double machineBusy = 1.0 - (cpuTo[1] - cpuFrom[1]) / 100.0 / cpuWall / Runtime.getRuntime().availableProcessors();
        String report = String.format(Locale.ROOT, """
                calls:      %d measured (after %d unmeasured), up to %d in flight; each a DeliveredEvent and its INVITE
                throughput: %.0f events/s turned into decisions (DeflectCall at the switch), %d calls in %.2f s
                latency:    event written -> DeflectCall read, under this load: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms
                server:     %.2f cores, %.2f ms CPU per call (event, INVITE, decision, DeflectCall, CANCEL, 487, ACK); machine %.0f %% busy
                refused:    %d INVITEs answered with a final response before the switch cancelled them
                """, calls, warmup, window, calls / seconds, calls, seconds, ms(percentile(latency, 50)), ms(percentile(latency, 90)),
                ms(percentile(latency, 99)), ms(percentile(latency, 100)), cpuSeconds / cpuWall, cpuSeconds * 1000 / calls,
                machineBusy * 100, refused.get());
        System.out.println(report);
        Path out = Path.of(System.getProperty("it.work.dir"), "bench", "csta-throughput.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        if (refused.get() > 0) {
            throw new AssertionError(refused.get() + " calls were refused on the trunk instead of deflected");
        }
    }

    private static String caller(int i) {
        return Integer.toString(6_000_000 + i);
    }

    /**
     * The switch's side of the trunk: INVITE, CANCEL, and the ACK for the 487 that ends the
     * INVITE transaction (same branch, RFC 3261 9.1 and 17.1.1.3). A call's window slot is given
     * back when its INVITE has its final response.
     */
    private static final class Trunk implements AutoCloseable {
        private final InetSocketAddress server;
        private final DatagramChannel sip;
        private final Semaphore inFlight;
        private final AtomicInteger refused;
        private final Map<String, Integer> byCallId = new ConcurrentHashMap<>();
        private final Map<Integer, String> open = new ConcurrentHashMap<>();
        private final Thread reader;
        private volatile boolean running = true;

        Trunk(int port, Semaphore inFlight, AtomicInteger refused) throws IOException {
            this.server = new InetSocketAddress("127.0.0.1", port);
            this.inFlight = inFlight;
            this.refused = refused;
            this.sip = DatagramChannel.open();
            sip.bind(new InetSocketAddress("127.0.0.1", 0));
            this.reader = new Thread(this::read, "bench-trunk");
            reader.setDaemon(true);
            reader.start();
        }

        void invite(int i) throws IOException {
            String callId = "tp-" + i + "@127.0.0.1";
            byCallId.put(callId, i);
            open.put(i, callId);
            String sdp = "v=0\r\no=switch " + i + " 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio " + (30_000 + 2 * (i % 1000)) + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
            send(request(i, "INVITE", "<sip:8000@127.0.0.1>", sdp));
        }

        void cancel(int i) throws IOException {
            send(request(i, "CANCEL", "<sip:8000@127.0.0.1>", null));
        }

        private String request(int i, String method, String to, String sdp) {
            int local = ((InetSocketAddress) sip.socket().getLocalSocketAddress()).getPort();
            String body = sdp == null ? "" : sdp;
            return method + " sip:8000@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bKtp" + i + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:" + caller(i) + "@127.0.0.1>;tag=s" + i + "\r\n"
                    + "To: " + to + "\r\n"
                    + "Call-ID: tp-" + i + "@127.0.0.1\r\n"
                    + "CSeq: 1 " + method + "\r\n"
                    + "Contact: <sip:switch@127.0.0.1:" + local + ">\r\n"
                    + (sdp == null ? "" : "Content-Type: application/sdp\r\n")
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        }

        private void send(String message) throws IOException {
            synchronized (sip) {
                sip.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)), server);
            }
        }

        private void read() {
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            while (running) {
                try {
                    buffer.clear();
                    if (sip.receive(buffer) == null) {
                        continue;
                    }
                    buffer.flip();
                    onResponse(StandardCharsets.US_ASCII.decode(buffer).toString());
                } catch (IOException e) {
                    if (running) {
                        e.printStackTrace();
                    }
                }
            }
        }

        private void onResponse(String message) throws IOException {
            if (!message.startsWith("SIP/2.0 ")) {
                return;
            }
            Integer i = byCallId.get(group(CALL_ID, message));
            int status = Integer.parseInt(message.substring(8, 11));
            if (i == null || status < 200 || !"INVITE".equals(group(CSEQ, message))) {
                return;
            }
            send(request(i, "ACK", group(TO, message), null)); // also for a retransmitted final response
            if (open.remove(i) != null) {
                if (status != 487) {
                    refused.incrementAndGet();
                }
                inFlight.release();
            }
        }

        boolean awaitAllEnded(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            return open.isEmpty();
        }

        int open() {
            return open.size();
        }

        private static String group(Pattern p, String text) {
            Matcher m = p.matcher(text);
            return m.find() ? m.group(1) : null;
        }

        @Override
        public void close() throws IOException {
            running = false;
            sip.close();
        }
    }
}
