package org.homebound.bench;

import static org.homebound.bench.Percentiles.ms;
import static org.homebound.bench.Percentiles.percentile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.homebound.it.Api;
import org.homebound.it.Await;
import org.homebound.it.Calls;
import org.homebound.it.TestServer;
import org.homebound.it.network.SiteNetwork;
import org.homebound.it.network.TestSite;
import org.homebound.it.peers.Speech;
import org.homebound.telephony.audio.OggOpus;
import org.homebound.telephony.audio.Wav;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Delivery between two sites (the multi-site test sites A and B, connected directly, no relay):
 *
 * <ul>
 *   <li>latency: calls diverted to A for mailboxes homed at B; from the caller's BYE until B stored
 *       the message — the time of the STORED step in B's trace of it (same machine, same clock), so
 *       the figure does not depend on how often the test polls;</li>
 *   <li>backlog drain: {@code bench.backlog} messages of {@code bench.backlog-seconds} of audio held
 *       at A while B is down, then B started: from B seen UP at A until A has them all DELIVERED,
 *       with A's heap sampled meanwhile. The backlog is written into A's database directly (as A's
 *       own deposits would leave it: HELD rows with their audio), because 2,000 30-second calls
 *       would take hours to place; everything measured — forwarding, bridge, storing at B,
 *       receipts — is the product's own path.</li>
 * </ul>
 *
 * <pre>wildfly-config/bin/run-tests -Pbench -Dit.test=NetworkDeliveryBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class NetworkDeliveryBench {

    private static final TestSite A = TestSite.A;
    private static final TestSite B = TestSite.B;
    /**
     * While a backlog drains: how often A's counts are read (each read is an authenticated API call),
     * and every how many reads its heap is sampled. jcmd starts a JVM each time (about half a second
     * of CPU): sampled every 250 ms as before 2026-12-07, it took a core of the two from the drain.
     */
    private static final long DRAIN_POLL_MILLIS = 500;
    private static final int HEAP_EVERY_POLLS = 6;
    /** Only to notice the message arrived; the latency itself comes from B's own record. */
    private static final long POLL_MILLIS = 200;
    private static final String PIN = "4711";
    /**
     * The held audio: Opus in Ogg (the default: a message held for another site is compressed
     * before it is held, as the product does) or the G.711 of the first measurements: -Dbench.backlog-format=g711.
     */
    private static final boolean OPUS = !"g711".equals(System.getProperty("bench.backlog-format", "opus"));
    /** Sites coupled over TLS (the default, as homebound-network sets them up) or plain HTTP: -Dbench.tls=false. */
    private static final boolean TLS = Boolean.parseBoolean(System.getProperty("bench.tls", "true"));

    @ArquillianResource
    ContainerController containers;

    private final Api adminA = Api.adminOf(A.httpPort());
    private final Api adminB = Api.adminOf(B.httpPort());
    private final Path work = Path.of(System.getProperty("it.work.dir"), "bench");

    private void network() throws Exception {
        SiteNetwork.prepare(List.of(A, B), false, TLS);
        TestServer.startAll(containers, List.of(A, B));
        Await.everyPeerUp(List.of(A, B), Duration.ofSeconds(120));
    }

    @Test
    void deliveryLatencyWithBothSitesUp() throws Exception {
        network();
        int messages = Integer.getInteger("bench.messages", 200);
        int parallel = Integer.getInteger("bench.parallel", 4);
        int warmup = Integer.getInteger("bench.warmup", 5);
        for (int w = 0; w < parallel; w++) {
            adminB.object("POST", "/admin/mailboxes", "{\"extension\":\"" + (3100 + w) + "\",\"name\":\"Bench\",\"pin\":\"" + PIN
                    + "\",\"quota\":10000}", 201);
        }
        for (int i = 0; i < warmup; i++) {
            deliver(0, i);
        }
        long[] latency = new long[messages];
        ExecutorService callers = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < parallel; w++) {
                int worker = w;
                done.add(callers.submit(() -> {
                    int already = worker == 0 ? warmup : 0;
                    for (int i = worker; i < messages; i += parallel) {
                        latency[i] = deliver(worker, already++);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.HOURS);
            }
        } finally {
            callers.shutdownNow();
        }
        String report = String.format(Locale.ROOT, """
                Delivery latency, %d messages (%d callers in parallel, 2 s each), diverted to site A for mailboxes homed at site B, %s:
                  caller's BYE -> stored at B (B's trace)  p50 %.0f ms  p90 %.0f ms  p99 %.0f ms  max %.0f ms
                """, messages, parallel, TLS ? "sites coupled over TLS" : "sites coupled over plain HTTP", ms(percentile(latency, 50)), ms(percentile(latency, 90)),
                ms(percentile(latency, 99)), ms(percentile(latency, 100)));
        write("network-delivery-latency" + (TLS ? "-tls" : "-plain") + ".txt", report);
        TestServer.stopAll(containers, List.of(A, B));
    }

    /** One call at A for worker's mailbox at B; the nanoseconds from BYE until B stored it. */
    private long deliver(int worker, int alreadyThere) throws Exception {
        String extension = Integer.toString(3100 + worker);
        Api owner = Api.as(extension, PIN).at(B.httpPort());
        long hungUp = Calls.leaveMessage(A.sipPort(), extension, "2" + worker + "00", Duration.ofSeconds(2));
        Instant byeAt = Instant.now().minusNanos(System.nanoTime() - hungUp);
        long deadline = hungUp + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonArray list = owner.array("/mailboxes/" + extension + "/messages");
            if (list.size() > alreadyThere) {
                String id = list.getJsonObject(list.size() - 1).getString("id");
                JsonObject trace = adminB.object("GET", "/admin/messages/" + id, null, 200);
                Instant storedAt = Instant.parse(trace.getJsonArray("history").getJsonObject(0).getString("at"));
                return Duration.between(byeAt, storedAt).toNanos();
            }
            Thread.sleep(POLL_MILLIS);
        }
        fail("message for " + extension + " not at B within 30 s");
        return 0;
    }

    @Test
    void backlogDrainWhenTheHomeSiteReturns() throws Exception {
        network();
        int backlog = Integer.getInteger("bench.backlog", 2000);
        int seconds = Integer.getInteger("bench.backlog-seconds", 30);
        int mailboxes = 20;
        for (int m = 0; m < mailboxes; m++) {
            adminB.object("POST", "/admin/mailboxes", "{\"extension\":\"" + (3200 + m) + "\",\"name\":\"Backlog\",\"pin\":\"" + PIN
                    + "\",\"quota\":10000}", 201);
        }
        containers.stop(B.container());
        Await.availability(adminA, B, "DOWN", Duration.ofSeconds(120));
        long pidA = TestServer.pid("homebound-" + A.id());
        long heapIdle = heapUsedKiB(pidA);
        byte[] audio = heldAudio(seconds);
        long started = System.nanoTime();
        holdAtA(backlog, seconds, mailboxes, audio);
        double insertSeconds = (System.nanoTime() - started) / 1e9;
        JsonObject site = adminA.object("GET", "/admin/sites/b", null, 200);
        assertEquals(backlog, site.getJsonObject("messages").getInt("HELD"), site.toString());
        long heapHeld = heapUsedKiB(pidA);

        containers.start(B.container());
        Await.availability(adminA, B, "UP", Duration.ofSeconds(120));
        long upAt = System.nanoTime();
        long heapPeak = 0;
        int delivered = 0;
        for (int poll = 0; delivered < backlog; poll++) {
            if (System.nanoTime() - upAt > Duration.ofMinutes(30).toNanos()) {
                fail("only " + delivered + " of " + backlog + " delivered in 30 minutes");
            }
            Thread.sleep(DRAIN_POLL_MILLIS);
            if (poll % HEAP_EVERY_POLLS == 0) {
                heapPeak = Math.max(heapPeak, heapUsedKiB(pidA));
            }
            JsonObject counts = adminA.object("GET", "/admin/sites/b", null, 200).getJsonObject("messages");
            delivered = counts.containsKey("DELIVERED") ? counts.getInt("DELIVERED") : 0;
        }
        double drain = (System.nanoTime() - upAt) / 1e9;
        double megabytes = (double) backlog * audio.length / 1e6;
        JsonArray atB = adminB.array("/admin/messages?state=STORED&limit=1");
        assertTrue(atB.size() == 1, "B stored the messages");
        String report = String.format(Locale.ROOT, """
                Backlog drain: %d held messages of %d s %s (%.0f MB) at site A, site B started, %s:
                  from B UP at A until all DELIVERED at A: %.1f s = %.0f messages/s, %.1f MB/s
                  A's heap in use (jcmd GC.heap_info): idle %d MiB, with the backlog held %d MiB, peak while draining %d MiB
                  (backlog written into A's database in %.1f s)
                """, backlog, seconds, OPUS ? "Opus in Ogg" : "G.711", megabytes, TLS ? "over TLS" : "over plain HTTP", drain, backlog / drain, megabytes / drain, heapIdle / 1024, heapHeld / 1024,
                heapPeak / 1024, insertSeconds);
        write("network-backlog-drain" + (TLS ? "-tls" : "-plain") + ".txt", report);
        TestServer.stopAll(containers, List.of(A, B));
    }

    /** One held message's audio: espeak-ng's speech, compressed as the product holds it, or quiet G.711 noise. */
    private byte[] heldAudio(int seconds) throws Exception {
        if (OPUS) {
            short[] speech = Wav.decode(Files.readAllBytes(Speech.say(work, "backlog", "Hello, this is Maria from accounts payable,"
                    + " calling about invoice four seven one one. Could you please call me back before Friday?")));
            return OggOpus.encode(StorageBench.repeatTo(List.of(speech), seconds * 8000), StorageBench.BITS_PER_SECOND);
        }
        byte[] audio = new byte[seconds * 8000];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (byte) (0x80 | (i * 7 % 64)); // quiet µ-law noise, not all one value
        }
        return audio;
    }

    /** HELD messages for B, as A's own deposits would store them, oldest first. */
    private static void holdAtA(int count, int seconds, int mailboxes, byte[] audio) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/homebound_it_" + A.id();
        Instant start = Instant.now().minusSeconds(count);
        try (Connection c = DriverManager.getConnection(url, System.getProperty("it.db.user"), System.getenv("HOMEBOUND_DB_PASSWORD"))) {
            c.setAutoCommit(false);
            try (PreparedStatement message = c.prepareStatement("insert into voice_message (id, mailbox_id, extension, home_site, caller_number,"
                    + " received_at, duration_millis, audio_format, audio_bytes, state, heard, recording_site, reason, state_changed_at,"
                    + " state_detail, version) values (?, null, ?, 'b', '2999', ?, ?, '" + (OPUS ? "OGG_OPUS" : "G711_ULAW") + "', ?, 'HELD', false, 'a', 'NO_ANSWER', ?,"
                    + " 'home site b is DOWN (benchmark backlog)', 0)");
                 PreparedStatement data = c.prepareStatement("insert into message_audio (message_id, data) values (?, ?)")) {
                for (int i = 0; i < count; i++) {
                    UUID id = UUID.randomUUID();
                    Timestamp at = Timestamp.from(start.plusSeconds(i));
                    message.setObject(1, id);
                    message.setString(2, Integer.toString(3200 + i % mailboxes));
                    message.setTimestamp(3, at);
                    message.setLong(4, seconds * 1000L);
                    message.setLong(5, audio.length);
                    message.setTimestamp(6, at);
                    message.addBatch();
                    data.setObject(1, id);
                    data.setBytes(2, audio);
                    data.addBatch();
                    if (i % 50 == 49) {
                        message.executeBatch();
                        data.executeBatch();
                        c.commit();
                    }
                }
                message.executeBatch();
                data.executeBatch();
                c.commit();
            }
        }
    }

    /** Heap in use from jcmd GC.heap_info ("garbage-first heap total …K, used …K"). */
    private static long heapUsedKiB(long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        Matcher m = Pattern.compile("used (\\d+)K").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no heap figure from jcmd: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    private void write(String file, String report) throws IOException {
        System.out.println(report);
        Files.createDirectories(work);
        Files.writeString(work.resolve(file), report);
    }
}
