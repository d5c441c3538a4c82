package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PIN guessing over REST as an outsider tries it. Each test speaks from a loopback address of its
 * own (127.0.0.x, a plain socket bound to it), so the per-address rule sees a stranger, not the
 * other tests' 127.0.0.1.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LoginThrottleIT {

    private static final int PORT = Integer.getInteger("it.http.port");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    /** Status line and headers of a GET sent from the given local address, with BASIC credentials. */
    private static String get(String from, String path, String user, String password) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", PORT), 5000);
            s.setSoTimeout(30000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("GET /api" + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void tenWrongPinsLockAMailboxAndTheRightOneIsRefusedTooUntilUnlocked() throws Exception {
        Api.createMailbox("4301", "Quinn", "2468", 5);
        String from = "127.0.0.31";
        int wrong = 0;
        String last = "";
        for (int tries = 0; tries < 60 && wrong < 10; tries++) {
            last = get(from, "/mailboxes/4301/messages", "4301", "11" + (10 + tries));
            if (status(last) == 429) {
                assertTrue(last.contains("Retry-After: "), "a slowed try says when to come back: " + last);
                Thread.sleep(400);
                continue;
            }
            wrong++;
            assertEquals(wrong < 10 ? 401 : 423, status(last), "try " + wrong + ": " + last);
        }
        assertTrue(last.contains("locked"), last);
        assertEquals(423, status(get(from, "/mailboxes/4301/messages", "4301", "2468")), "the right PIN is refused while locked");
        assertEquals(423, status(get("127.0.0.32", "/mailboxes/4301/messages", "4301", "2468")), "from everywhere");
        JsonObject view = Api.admin().object("GET", "/admin/mailboxes/4301", null, 200);
        assertTrue(view.getBoolean("pinLocked"), view.toString());
        assertEquals(10, view.getInt("wrongPins"));
        Api.admin().object("POST", "/admin/mailboxes/4301/unlock", null, 200);
        assertEquals(200, status(get(from, "/mailboxes/4301/messages", "4301", "2468")), "unlocked by the administrator");
    }

    @Test
    void oneAddressTryingManyMailboxesIsSlowedBeforeItCanLockThemAllOut() throws Exception {
        Api.createMailbox("4302", "Rosa", "1593", 5);
        String attacker = "127.0.0.41";
        for (int i = 0; i < 11; i++) {
            assertEquals(401, status(get(attacker, "/mailboxes/4302/messages", "43" + (50 + i), "0000")), "mailbox " + i);
        }
        String slowed = get(attacker, "/mailboxes/4302/messages", "4302", "0000");
        assertEquals(429, status(slowed), "after wrong PINs for 11 mailboxes the address must wait: " + slowed);
        assertEquals(0, Api.admin().object("GET", "/admin/mailboxes/4302", null, 200).getInt("wrongPins"),
                "a slowed try is not checked, so it costs the mailbox nothing");
        assertEquals(200, status(get("127.0.0.42", "/mailboxes/4302/messages", "4302", "1593")), "the owner elsewhere is not affected");

        JsonObject lockouts = Api.admin().object("GET", "/admin/lockouts", null, 200);
        assertTrue(lockouts.getJsonArray("sources").stream().map(JsonValue::asJsonObject)
                .anyMatch(s -> s.getString("source").equals(attacker) && s.getInt("failedMailboxes") == 11), lockouts.toString());
        assertEquals(204, Api.admin().send("DELETE", "/admin/lockouts/sources/" + attacker, null).statusCode());
        assertEquals(200, status(get(attacker, "/mailboxes/4302/messages", "4302", "1593")), "released by the administrator");
    }

    @Test
    void malformedCredentialsGetAClearAnswer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", PORT)) {
            s.getOutputStream().write(("GET /api/admin/mailboxes HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %%%notbase64\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(401, status(answer), answer);
            assertTrue(answer.contains("malformed BASIC credentials"), answer);
        }
    }
}
