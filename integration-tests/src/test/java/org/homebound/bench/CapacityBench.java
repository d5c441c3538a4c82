package org.homebound.bench;

import static org.homebound.bench.Percentiles.ms;
import static org.homebound.bench.Percentiles.percentile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homebound.it.Api;
import org.homebound.it.Calls;
import org.homebound.it.HomeboundDeployment;
import org.homebound.it.TestServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Simultaneous deposits on one site (issue 4's capacity target: 250 calls, Cisco Unity
 * Connection's per-server maximum). {@code bench.calls} callers start over {@code bench.ramp-seconds}
 * straight at the SIP trunk (no PBX in between: the server is measured, not Kamailio), each waits
 * out the greeting, speaks {@code bench.talk-seconds} of RTP and hangs up, so that at the peak all
 * of them are recording at once (with a ramp longer than a call, calls come and go at the same rate
 * instead: set-ups then meet finished recordings being stored and compressed, as on a working day). Reported: call set-up (INVITE sent → 200 OK received), the share
 * of RTP packets the server recorded (from its own per-call statistics in the log), the server's
 * CPU and memory at the peak. The load generator ({@link CallLoad}) runs on three threads.
 *
 * <pre>wildfly-config/bin/run-tests -Pbench -Dit.test=CapacityBench -Dbench.calls=250 -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CapacityBench {

    private static final Pattern DEPOSITED = Pattern.compile(
            "message \\S+ for \\d+ at \\S+: STORED, (\\d+) ms from '(7\\d{5})' \\((\\w+); (\\d+) packets, (\\d+) lost\\)");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void simultaneousDeposits() throws Exception {
        int calls = Integer.getInteger("bench.calls", 250);
        int rampSeconds = Integer.getInteger("bench.ramp-seconds", 25);
        int talkSeconds = Integer.getInteger("bench.talk-seconds", 40);
        int mailboxes = 50;
        Path work = Path.of(System.getProperty("it.work.dir"), "bench");
        Path log = Path.of(System.getProperty("it.base.dir"), "log", "server.log");
        for (int m = 0; m < mailboxes; m++) {
            Api.createMailbox(Integer.toString(6000 + m), "Load " + m, "1234", calls);
        }
        long[] greetingNanos = new long[mailboxes]; // the default greeting says the extension: lengths differ
        for (int m = 0; m < mailboxes; m++) {
            greetingNanos[m] = Calls.greeting(Integer.toString(6000 + m)).toNanos();
        }
        long longestGreeting = java.util.Arrays.stream(greetingNanos).max().orElseThrow();
        warmUp(Integer.getInteger("bench.warmup-calls", 20), mailboxes, greetingNanos);
        long logStart = Files.size(log);
        long pid = TestServer.pid();
        long rssIdle = TestServer.rssKiB(pid);
        long rssPeak = rssIdle;
        long[] cpuAtPeakStart = null;
        long[] cpuAtPeakEnd = null;
        long started = System.nanoTime();
        // The busiest stretch: with a ramp shorter than a call, all are speaking from about greeting + ramp
        // after the start until the first hangs up; with a longer ramp, calls come and go at the same rate
        // (about calls x call length / ramp at once) from the first hang-up until the last call starts.
        long ramp = Duration.ofSeconds(rampSeconds).toNanos();
        long call = longestGreeting + Duration.ofSeconds(talkSeconds).toNanos();
        long peakFrom = started + (ramp < call ? longestGreeting + ramp : call);
        long peakTo = started + (ramp < call ? call : ramp) - 1_000_000_000L;
        long atOnce = Math.round(calls * Math.min(1.0, (double) call / ramp));
        try (CallLoad load = new CallLoad(Calls.SIP_PORT)) {
            for (int i = 0; i < calls; i++) {
                long due = started + (long) i * rampSeconds * 1_000_000_000L / calls;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                }
                load.start(i, Integer.toString(6000 + i % mailboxes), greetingNanos[i % mailboxes], talkSeconds * 50);
                if (i % 25 == 0) {
                    rssPeak = Math.max(rssPeak, TestServer.rssKiB(pid));
                }
                long now = System.nanoTime();
                if (cpuAtPeakStart == null && now >= peakFrom) {
                    cpuAtPeakStart = TestServer.cpuTicks(pid);
                } else if (cpuAtPeakStart != null && cpuAtPeakEnd == null && now >= peakTo) {
                    cpuAtPeakEnd = TestServer.cpuTicks(pid);
                }
            }
            if (cpuAtPeakStart == null) {
                sleepUntil(peakFrom);
                cpuAtPeakStart = TestServer.cpuTicks(pid);
            }
            while (System.nanoTime() < peakTo) {
                rssPeak = Math.max(rssPeak, TestServer.rssKiB(pid));
                Thread.sleep(1000);
            }
            if (cpuAtPeakEnd == null) {
                cpuAtPeakEnd = TestServer.cpuTicks(pid);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(talkSeconds + rampSeconds + 60).toNanos();
            while (load.calls().stream().anyMatch(c -> !c.done()) && System.nanoTime() < deadline) {
                rssPeak = Math.max(rssPeak, TestServer.rssKiB(pid));
                Thread.sleep(500);
            }
            List<CallLoad.Call> done = load.calls();
            long[] setup = done.stream().filter(c -> c.answeredAt > 0).mapToLong(c -> c.answeredAt - c.invitedAt).sorted().toArray();
            long refused = done.stream().filter(c -> c.status != 200).count();
            // How much longer than its length the greeting took to arrive: the server's media pacing under load.
            long[] greetingLate = done.stream().filter(c -> c.greetingHeardAt > 0)
                    .mapToLong(c -> c.greetingHeardAt - c.answeredAt - c.greetingNanos).sorted().toArray();
            long sent = done.stream().mapToLong(c -> c.sent).sum();
            long reAcked = done.stream().filter(c -> c.reAcks > 0).count();

            // The server logs each deposit with its RTP statistics; wait until every answered call's is there.
            Map<String, long[]> recorded = new HashMap<>();
            Map<String, Integer> endedOtherwise = new java.util.TreeMap<>();
            long logDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (recorded.size() < calls - refused && System.nanoTime() < logDeadline) {
                recorded.clear();
                endedOtherwise.clear();
                String text = readFrom(log, logStart);
                Matcher m = DEPOSITED.matcher(text);
                while (m.find()) {
                    recorded.put(m.group(2), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5))});
                    if (!m.group(3).equals("CALLER_HUNG_UP")) {
                        endedOtherwise.merge(m.group(3), 1, Integer::sum);
                    }
                }
                Thread.sleep(1000);
            }
            long received = recorded.values().stream().mapToLong(v -> v[1]).sum();
            long lost = recorded.values().stream().mapToLong(v -> v[2]).sum();
            double peakSeconds = (cpuAtPeakEnd[2] - cpuAtPeakStart[2]) / 1e9;
            double serverCores = (cpuAtPeakEnd[0] - cpuAtPeakStart[0]) / 100.0 / peakSeconds;
            double machineBusy = 1.0 - (double) (cpuAtPeakEnd[1] - cpuAtPeakStart[1]) / 100.0 / peakSeconds / Runtime.getRuntime().availableProcessors();
            String report = String.format(Locale.ROOT, """
                    calls:                    %d started over %d s, each %d s of speech after a greeting of up to %.1f s; %d refused or failed
                    call set-up INVITE->200:  p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms
                    greeting heard late by:   p50 %.0f ms, p99 %.0f ms, max %.0f ms (after the 200 OK, beyond its length)
                    RTP recorded:             %d of %d packets sent (%.3f %%), %d counted lost by the server, %d messages stored of %d calls
                    recordings not ended by the caller's BYE: %s; calls whose ACK had to be repeated: %d
                    at the peak (%.0f s, about %d calls recording): server %.2f cores, machine %.0f %% busy
                    server RSS:               idle %d MiB, peak %d MiB
                    """, calls, rampSeconds, talkSeconds, longestGreeting / 1e9, refused, ms(percentile(setup, 50)), ms(percentile(setup, 90)),
                    ms(percentile(setup, 99)), ms(percentile(setup, 100)), ms(percentile(greetingLate, 50)), ms(percentile(greetingLate, 99)),
                    ms(percentile(greetingLate, 100)), received, sent, 100.0 * received / Math.max(1, sent), lost,
                    recorded.size(), calls, endedOtherwise.isEmpty() ? "none" : endedOtherwise.toString(), reAcked, peakSeconds, atOnce, serverCores, 100 * machineBusy, rssIdle / 1024, rssPeak / 1024);
            report += slowestSetUps(done, 5);
            System.out.println(report);
            Files.createDirectories(work);
            Files.writeString(work.resolve("capacity-" + calls + ".txt"), report);
        }
    }

    /** When the slowest set-ups happened (wall clock), to set beside the server's log and a flight recording. */
    private static String slowestSetUps(List<CallLoad.Call> calls, int n) {
        long nowNanos = System.nanoTime();
        long nowMillis = System.currentTimeMillis();
        java.time.format.DateTimeFormatter hms = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);
        StringBuilder out = new StringBuilder("slowest set-ups (UTC INVITE sent): ");
        calls.stream().filter(c -> c.answeredAt > 0).sorted((a, b) -> Long.compare(b.answeredAt - b.invitedAt, a.answeredAt - a.invitedAt))
                .limit(n).forEach(c -> out.append(String.format(Locale.ROOT, "%.1f ms at %s; ", ms(c.answeredAt - c.invitedAt),
                        hms.format(java.time.Instant.ofEpochMilli(nowMillis - (nowNanos - c.invitedAt) / 1_000_000)))));
        return out.append('\n').toString();
    }

    /**
     * A server that has just started compiles its code paths on the first calls (the first set-ups
     * take seconds): a few short calls first, not measured, so the figures are those of a running site.
     * Their callers are 9xxxxx, so their messages are not counted.
     */
    private static void warmUp(int calls, int mailboxes, long[] greetingNanos) throws Exception {
        if (calls <= 0) {
            return;
        }
        try (CallLoad load = new CallLoad(Calls.SIP_PORT)) {
            for (int i = 0; i < calls; i++) {
                load.start(200_000 + i, Integer.toString(6000 + i % mailboxes), greetingNanos[i % mailboxes], 100);
                Thread.sleep(250);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (load.calls().stream().anyMatch(c -> !c.done()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L);
        }
    }

    private static String readFrom(Path log, long offset) throws Exception {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), java.nio.charset.StandardCharsets.UTF_8);
    }
}
