package org.homebound.bench;

import static org.homebound.bench.Percentiles.ms;
import static org.homebound.bench.Percentiles.percentile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.homebound.it.Calls;
import org.homebound.it.HomeboundDeployment;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.csta.CstaEdition;
import org.homebound.telephony.testing.CstaSwitchSimulator;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * From a DeliveredEvent on the wire to the call-status decision, in the deployed server: the
 * switch's INVITE for the call is already waiting at the trunk (the order that makes the CSTA
 * report the last word), then the simulated switch writes the DeliveredEvent; the driver parses it,
 * pairs it with the INVITE, the CallOffered goes to the call-event MDB, CallStatusService decides
 * (here: no mailbox for the extension, so handle normally), and the adapter's DeflectCall reaches
 * the switch. Measured: event written → DeflectCall read by the switch. Sequential calls.
 *
 * <pre>wildfly-config/bin/run-tests -pl integration-tests -Pbench -Dit.test=CstaLatencyBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CstaLatencyBench {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void deliveredEventToDecision() throws Exception {
        int calls = Integer.getInteger("bench.csta-calls", 300);
        int warmup = 30;
        long[] latency = new long[calls];
        try (CstaSwitchSimulator pbx = new CstaSwitchSimulator(CstaEdition.ED4, CstaSwitchSimulator.Flavor.OPENSCAPE,
                Integer.getInteger("it.csta.port"));
             SipTestPhone phone = new SipTestPhone("127.0.0.1", Calls.SIP_PORT)) {
            if (!pbx.awaitMonitors(Duration.ofSeconds(30), "8000")) {
                throw new AssertionError("the server's CTI link did not come up");
            }
            for (int i = -warmup; i < calls; i++) {
                String caller = String.valueOf(5_000_000 + i + warmup);
                SipTestPhone.Call call = phone.invite("sip:8000@127.0.0.1:" + Calls.SIP_PORT, "sip:" + caller + "@127.0.0.1",
                        "sip:8000@127.0.0.1", Map.of(), AudioEncoding.PCMU);
                Thread.sleep(30); // the INVITE is at the trunk, waiting for its report
                long written = System.nanoTime();
                pbx.deliver("b" + (i + warmup), "8000", caller, "4109", "4109", "callForwardNoAnswer");
                CstaSwitchSimulator.Received deflect = pbx.await("DeflectCall", Duration.ofSeconds(10));
                if (deflect == null) {
                    throw new AssertionError("no DeflectCall for call " + i);
                }
                if (i >= 0) {
                    latency[i] = deflect.receivedAt() - written;
                }
                call.cancel();
                call.awaitFinal(Duration.ofSeconds(5));
            }
        }
        Arrays.sort(latency);
        String report = String.format(Locale.ROOT, """
                calls:   %d sequential (after %d unmeasured), INVITE waiting at the trunk, then the DeliveredEvent
                latency: DeliveredEvent written -> DeflectCall read by the switch: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms
                """, calls, warmup, ms(percentile(latency, 50)), ms(percentile(latency, 90)), ms(percentile(latency, 99)),
                ms(percentile(latency, 100)));
        System.out.println(report);
        Path out = Path.of(System.getProperty("it.work.dir"), "bench", "csta-latency.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }
}
