package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.homebound.telephony.testing.SipTestPhone;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The phones' lamps as the test server's message-waiting NOTIFYs reach a listener on it.lamp.port,
 * open while a test class runs: {@code @RegisterExtension static final Lamps lamps = new Lamps();}.
 */
final class Lamps implements BeforeAllCallback, AfterAllCallback {

    private SipTestPhone listener;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        listener = new SipTestPhone("127.0.0.1", Calls.SIP_PORT, Integer.getInteger("it.lamp.port"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (listener != null) {
            listener.close();
        }
    }

    /** Waits for the NOTIFY (RFC 3842 message-summary) for this extension that says {@code voiceMessage} ("new/old"). */
    SipTestPhone.Message await(String extension, String voiceMessage) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            SipTestPhone.Message m = listener.await(null, Duration.ofMillis(500));
            if (m != null && m.isRequest("NOTIFY") && m.startLine().contains("sip:" + extension + "@")
                    && m.body().contains("Voice-Message: " + voiceMessage)) {
                assertEquals("message-summary", m.header("event"));
                assertTrue(m.header("content-type").contains("application/simple-message-summary"), m.header("content-type"));
                return m;
            }
        }
        throw new AssertionError("no message-waiting NOTIFY for " + extension + " saying " + voiceMessage);
    }

    /** The next NOTIFY for this extension within the wait, or null. */
    SipTestPhone.Message next(String extension, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            SipTestPhone.Message m = listener.await(null, Duration.ofMillis(100));
            if (m != null && m.isRequest("NOTIFY") && m.startLine().contains("sip:" + extension + "@")) {
                return m;
            }
        }
        return null;
    }
}
