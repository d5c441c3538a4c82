package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resource adapter owns its sockets and threads: after undeploy none of them is left in the
 * server, the SIP port is free, and a redeployed adapter takes calls again.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdapterLifecycleIT {

    private static final String EAR = "homebound";

    @ArquillianResource
    Deployer deployer;

    @Deployment(name = EAR, managed = false, testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void undeployReleasesEverythingAndRedeployTakesCallsAgain() throws Exception {
        long server = TestServer.pid();
        for (int cycle = 1; cycle <= 2; cycle++) {
            deployer.deploy(EAR);
            assertTrue(!sipThreads(server).isEmpty(), "cycle " + cycle + ": the SIP stack runs while deployed");
            try (SipTestPhone phone = Calls.phone()) {
                SipTestPhone.Message pong = phone.await(phone.options(Calls.TRUNK).callId, Duration.ofSeconds(5));
                assertEquals(200, pong.status(), "cycle " + cycle + ": trunk answers OPTIONS");
                SipTestPhone.Message unknown = Calls.divertedTo(phone, "4998", "1000").awaitFinal(Duration.ofSeconds(10));
                assertEquals(404, unknown.status(), "cycle " + cycle + ": calls are decided by the application");
            }

            deployer.undeploy(EAR);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!sipThreads(server).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), sipThreads(server), "cycle " + cycle + ": SIP stack threads left after undeploy");
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, Calls.SIP_PORT));
                 ServerSocket tcp = new ServerSocket(Calls.SIP_PORT, 1, loopback)) {
                assertTrue(udp.isBound() && tcp.isBound(), "cycle " + cycle + ": SIP port free after undeploy");
            }
        }
    }

    /** JAIN-SIP names its threads after our stack ("homebound-sip-…") and "MessageProcessorThread-…". */
    private static List<String> sipThreads(long pid) throws Exception {
        return TestServer.threadNames(pid).stream()
                .filter(n -> n.startsWith("homebound-sip") || n.startsWith("MessageProcesso") || n.startsWith("UDPMessageProc")
                        || n.startsWith("EventScanner"))
                .toList();
    }
}
