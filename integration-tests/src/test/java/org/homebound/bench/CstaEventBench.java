package org.homebound.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.homebound.telephony.csta.CstaCalls;
import org.homebound.telephony.csta.CstaEdition;
import org.homebound.telephony.csta.CstaLinkSupervisor;
import org.homebound.telephony.csta.CstaSettings;
import org.homebound.telephony.testing.CstaSwitchSimulator;
import org.junit.jupiter.api.Test;

/**
 * How many CSTA events a second the driver reads, parses and files (its reader thread: frame
 * header, hardened XML parse, event mapping, pairing store) - the work every DeliveredEvent costs
 * before an INVITE can be paired with it. No container: the driver classes against the simulated
 * switch on loopback, the simulator writing Avaya-shaped DeliveredEvents (device ids with
 * attributes, private data) as fast as the socket takes them.
 *
 * <pre>wildfly-config/bin/run-tests -pl integration-tests -Pbench -Dit.test=CstaEventBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class CstaEventBench {

    @Test
    void deliveredEventsPerSecond() throws Exception {
        int events = Integer.getInteger("bench.csta-events", 200_000);
        CstaCalls calls = new CstaCalls(Duration.ofMinutes(10)); // nothing expires during the run
        try (CstaSwitchSimulator pbx = new CstaSwitchSimulator(CstaEdition.ED3, CstaSwitchSimulator.Flavor.AVAYA)) {
            CstaSettings settings = new CstaSettings("127.0.0.1", pbx.port(), CstaSettings.Tls.PLAIN, CstaEdition.ED3, "Homebound", Duration.ofSeconds(180),
                    List.of("8000"), List.of(), "{number}:CM1::0", "", "", "", Duration.ofSeconds(5), Duration.ofMillis(100),
                    Duration.ofSeconds(1), Duration.ofMinutes(10));
            CstaLinkSupervisor link = new CstaLinkSupervisor(settings, work -> {
                Thread t = new Thread(work, "bench-csta");
                t.setDaemon(true);
                t.start();
            }, calls, sip -> { });
            Thread supervisor = new Thread(link, "bench-csta-supervisor");
            supervisor.setDaemon(true);
            supervisor.start();
            if (!pbx.awaitMonitors(Duration.ofSeconds(10), "8000")) {
                throw new AssertionError("no CTI session");
            }
            send(pbx, 20_000, "w", calls); // warm-up: the JIT compiles the reading path
            long processCpuBefore = processCpu();
            long start = System.nanoTime();
            send(pbx, events, "m", calls);
            long elapsed = System.nanoTime() - start;
            long processCpu = processCpu() - processCpuBefore;
            link.stop();
            double perSecond = events / (elapsed / 1e9);
            String report = String.format(Locale.ROOT, """
                    events:            %d DeliveredEvents (Avaya-shaped, %d bytes each on the wire)
                    read and filed in: %.2f s = %.0f events/s
                    CPU (whole JVM):   %.1f µs per event, simulator writing included
                    """, events, pbx.lastFrameBytes(), elapsed / 1e9, perSecond, processCpu / 1e3 / events);
            System.out.println(report);
            Path out = Path.of(System.getProperty("it.work.dir"), "bench", "csta-events.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
    }

    /** Sends {@code n} events and waits until the driver has filed all of them. */
    private static void send(CstaSwitchSimulator pbx, int n, String prefix, CstaCalls calls) throws Exception {
        int before = calls.size();
        for (int i = 0; i < n; i++) {
            pbx.deliver(prefix + i, "8000", String.valueOf(100_000 + i % 900_000), "4001", "4001", "callForwardNoAnswer");
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (calls.size() < before + n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        if (calls.size() < before + n) {
            throw new AssertionError("only " + (calls.size() - before) + " of " + n + " events filed");
        }
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
