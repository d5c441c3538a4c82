package org.homebound.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
 * <pre>wildfly-config/bin/run-tests -Pbench -Dit.test=DepositLatencyBench -Dbench.deposits=100</pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DepositLatencyBench {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void sequentialDepositsThroughKamailio() throws Exception {
        int deposits = Integer.getInteger("bench.deposits", 100);
        int kamailioPort = Integer.getInteger("it.kamailio.port");
        Path work = Path.of(System.getProperty("it.work.dir"), "bench");
        Api.createMailbox("5001", "Bench", "1234", deposits + 10);
        Api owner = Api.as("5001", "1234");
        long serverPid = TestServer.pid();
        long idleRss = TestServer.rssKiB(serverPid);
        long peakRss = idleRss;
        long[] setup = new long[deposits];
        long[] listed = new long[deposits];
        short[] speech = SipTestPhone.tone(440, Duration.ofSeconds(2), 8000);
        try (Kamailio pbx = Kamailio.start(work.resolve("kamailio"), kamailioPort, Calls.SIP_PORT, "8000");
             SipTestPhone phone = new SipTestPhone("127.0.0.1", kamailioPort)) {
            for (int i = 0; i < deposits; i++) {
                long sent = System.nanoTime();
                SipTestPhone.Call call = phone.invite("sip:5001@127.0.0.1:" + kamailioPort, "sip:1" + (100 + i) + "@127.0.0.1",
                        "sip:5001@127.0.0.1", Map.of(), AudioEncoding.PCMU);
                SipTestPhone.Message ok = call.awaitFinal(Duration.ofSeconds(10));
                setup[i] = System.nanoTime() - sent;
                if (ok == null || ok.status() != 200) {
                    throw new AssertionError("deposit " + i + ": " + (ok == null ? "no answer" : ok.startLine()));
                }
                call.ack();
                Calls.awaitEndOfGreeting(phone);
                phone.sendAudio(call.serverMedia(), AudioEncoding.PCMU, speech);
                long bye = System.nanoTime();
                call.bye();
                while (owner.array("/mailboxes/5001/messages").size() < i + 1) {
                    if (System.nanoTime() - bye > 10_000_000_000L) {
                        throw new AssertionError("deposit " + i + " not listed within 10 s");
                    }
                    Thread.sleep(10);
                }
                listed[i] = System.nanoTime() - bye;
                phone.await(call.callId, Duration.ofSeconds(2)); // the 200 for our BYE
                peakRss = Math.max(peakRss, TestServer.rssKiB(serverPid));
            }
        }
        String report = String.format(Locale.ROOT, """
                deposits:                 %d sequential, through Kamailio (diverted: not registered)
                call set-up INVITE->200:  p50 %.1f ms, p99 %.1f ms, max %.1f ms
                BYE -> listed by REST:    p50 %.1f ms, p99 %.1f ms, max %.1f ms (REST polled every 10 ms)
                server RSS:               idle %d MiB, peak during run %d MiB
                """, deposits, ms(percentile(setup, 50)), ms(percentile(setup, 99)), ms(percentile(setup, 100)),
                ms(percentile(listed, 50)), ms(percentile(listed, 99)), ms(percentile(listed, 100)), idleRss / 1024, peakRss / 1024);
        System.out.println(report);
        Files.createDirectories(work);
        Files.writeString(work.resolve("deposit-latency.txt"), report);
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
