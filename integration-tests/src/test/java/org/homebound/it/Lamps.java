package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.homebound.telephony.testing.SipTestPhone;

/** The phones' lamps as the test server's message-waiting NOTIFYs reach a listener on it.lamp.port. */
final class Lamps {

    private Lamps() {
    }

    /** Waits for the NOTIFY (RFC 3842 message-summary) for this extension that says {@code voiceMessage} ("new/old"). */
    static SipTestPhone.Message await(SipTestPhone lamps, String extension, String voiceMessage) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            SipTestPhone.Message m = lamps.await(null, Duration.ofMillis(500));
            if (m != null && m.isRequest("NOTIFY") && m.startLine().contains("sip:" + extension + "@")
                    && m.body().contains("Voice-Message: " + voiceMessage)) {
                assertEquals("message-summary", m.header("event"));
                assertTrue(m.header("content-type").contains("application/simple-message-summary"), m.header("content-type"));
                return m;
            }
        }
        throw new AssertionError("no message-waiting NOTIFY for " + extension + " saying " + voiceMessage);
    }
}
