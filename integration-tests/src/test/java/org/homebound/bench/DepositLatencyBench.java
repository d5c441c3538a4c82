package org.homebound.bench;

import static org.homebound.bench.Percentiles.ms;
import static org.homebound.bench.Percentiles.percentile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.homebound.it.Api;
import org.homebound.it.Calls;
import org.homebound.it.HomeboundDeployment;
import org.homebound.it.TestServer;
import org.homebound.it.peers.Kamailio;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sequential deposits through Kamailio: call set-up (INVITE sent → 200 OK received, through the
 * PBX), and the time from the caller's BYE until the REST API lists the message. Also the
 * server's resident memory idle and at its peak during the run.
 *
 * The first deposits after deploy pay for class loading and JIT compilation; they run first,
 * unmeasured ({@code bench.warmup}), and the very first is reported on its own.
 *
 * <pre>wildfly-config/bin/run-tests -Pbench -Dit.test=DepositLatencyBench -Dbench.deposits=100 -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DepositLatencyBench {

    /** Each poll is an HTTP BASIC login (a PBKDF2 check on the server), so polling is not free. */
    private static final long POLL_MILLIS = Long.getLong("bench.poll-millis", 10);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void sequentialDepositsThroughKamailio() throws Exception {
        int deposits = Integer.getInteger("bench.deposits", 100);
        int warmup = Integer.getInteger("bench.warmup", 5);
        int kamailioPort = Integer.getInteger("it.kamailio.port");
        Path work = Path.of(System.getProperty("it.work.dir"), "bench");
        Api.createMailbox("5001", "Bench", "1234", warmup + deposits + 10);
        Api owner = Api.as("5001", "1234");
        long serverPid = TestServer.pid();
        long idleRss = TestServer.rssKiB(serverPid);
        long peakRss = idleRss;
        long[] warmSetup = new long[Math.max(1, warmup)];
        long[] warmListed = new long[Math.max(1, warmup)];
        long[] setup = new long[deposits];
        long[] listed = new long[deposits];
        short[] speech = SipTestPhone.tone(440, Duration.ofSeconds(2), 8000);
        try (Kamailio pbx = Kamailio.start(work.resolve("kamailio"), kamailioPort, Calls.SIP_PORT, "8000");
             SipTestPhone phone = new SipTestPhone("127.0.0.1", kamailioPort)) {
            for (int n = 0; n < warmup + deposits; n++) {
                boolean warming = n < warmup;
                int i = warming ? n : n - warmup;
                long[] setupInto = warming ? warmSetup : setup;
                long[] listedInto = warming ? warmListed : listed;
                int heardBefore = phone.heard().length;
                long sent = System.nanoTime();
                SipTestPhone.Call call = phone.invite("sip:5001@127.0.0.1:" + kamailioPort, "sip:1" + (100 + n) + "@127.0.0.1",
                        "sip:5001@127.0.0.1", Map.of(), AudioEncoding.PCMU);
                SipTestPhone.Message ok = call.awaitFinal(Duration.ofSeconds(10));
                setupInto[i] = System.nanoTime() - sent;
                if (ok == null || ok.status() != 200) {
                    throw new AssertionError("deposit " + n + ": " + (ok == null ? "no answer" : ok.startLine()));
                }
                call.ack();
                Calls.awaitEndOfGreeting(phone, "5001", heardBefore);
                phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, speech);
                long bye = System.nanoTime();
                call.bye();
                while (owner.array("/mailboxes/5001/messages").size() < n + 1) {
                    if (System.nanoTime() - bye > 10_000_000_000L) {
                        throw new AssertionError("deposit " + n + " not listed within 10 s");
                    }
                    Thread.sleep(POLL_MILLIS);
                }
                listedInto[i] = System.nanoTime() - bye;
                phone.await(call.callId, Duration.ofSeconds(2)); // the 200 for our BYE
                peakRss = Math.max(peakRss, TestServer.rssKiB(serverPid));
            }
        }
        String report = String.format(Locale.ROOT, """
                deposits:                 %d sequential, through Kamailio (diverted: not registered)
                call set-up INVITE->200:  p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms
                BYE -> listed by REST:    p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms (REST polled every %d ms)
                first call after deploy:  set-up %.1f ms, BYE -> listed %.1f ms (%d warm-up deposits not in the figures above)
                server RSS:               idle %d MiB, peak during run %d MiB
                """, deposits, ms(percentile(setup, 50)), ms(percentile(setup, 90)), ms(percentile(setup, 99)), ms(percentile(setup, 100)),
                ms(percentile(listed, 50)), ms(percentile(listed, 90)), ms(percentile(listed, 99)), ms(percentile(listed, 100)), POLL_MILLIS,
                ms(warmSetup[0]), ms(warmListed[0]), warmup, idleRss / 1024, peakRss / 1024);
        System.out.println(report);
        Files.createDirectories(work);
        Files.writeString(work.resolve("deposit-latency.txt"), report);
    }
}
