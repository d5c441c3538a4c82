package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.homebound.it.network.SiteNetwork;
import org.homebound.it.network.TestSite;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two real sites, A (extensions 2000-2999) and B (3000-3999), each a WildFly with its own
 * PostgreSQL database, coupled by Artemis core bridges as homebound-network configures them.
 * Calls for B's mailboxes arrive at A's SIP trunk; the messages must end up at B exactly once,
 * whether B is up, killed, or has no such mailbox. The steps build on each other, in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiSiteIT {

    private static final TestSite A = TestSite.A;
    private static final TestSite B = TestSite.B;
    private static final String PIN = "4711";
    private static boolean prepared;

    @ArquillianResource
    ContainerController containers;

    private final Api adminA = Api.adminOf(A.httpPort());
    private final Api adminB = Api.adminOf(B.httpPort());

    private void network() throws Exception {
        if (!prepared) {
            SiteNetwork.prepare(List.of(A, B));
            prepared = true;
        }
        for (TestSite s : List.of(A, B)) {
            if (!containers.isStarted(s.container())) {
                containers.start(s.container());
            }
        }
        awaitAvailability(adminA, B, "UP", Duration.ofSeconds(30));
        awaitAvailability(adminB, A, "UP", Duration.ofSeconds(30));
    }

    @Test
    @Order(1)
    void messageRecordedAtASiteIsStoredAtItsHomeAndConfirmed() throws Exception {
        network();
        adminB.object("POST", "/admin/mailboxes", "{\"extension\":\"3001\",\"name\":\"Bea\",\"pin\":\"" + PIN + "\"}", 201);
        adminB.object("POST", "/admin/mailboxes", "{\"extension\":\"3002\",\"name\":\"Ben\",\"pin\":\"" + PIN + "\"}", 201);

        Calls.leaveMessage(A.sipPort(), "3001", "2001", Duration.ofSeconds(2));

        JsonObject atA = awaitOne(adminA, "/admin/messages?state=DELIVERED&site=b", Duration.ofSeconds(15));
        String id = atA.getString("id");
        assertEquals("3001", atA.getString("extension"));
        assertEquals("a", atA.getString("recordingSite"));
        JsonArray atB = Api.as("3001", PIN).at(B.httpPort()).array("/mailboxes/3001/messages");
        assertEquals(1, atB.size(), "one copy at the home site: " + atB);
        JsonObject stored = atB.getJsonObject(0);
        assertEquals(id, stored.getString("id"), "the same message id at both sites");
        assertEquals("a", stored.getString("recordingSite"));
        assertEquals("2001", stored.getString("from"));
        assertEquals(atA.getJsonNumber("durationMillis").longValue(), stored.getJsonNumber("durationMillis").longValue());
        assertTrue(stored.getJsonNumber("durationMillis").longValue() >= 1500, "the caller's two seconds arrived: " + stored);

        JsonObject trace = adminA.object("GET", "/admin/messages/" + id, null, 200);
        assertEquals(List.of("RECORDED", "SENT", "DELIVERED"), states(trace), "state history at the recording site");
        JsonObject home = adminB.object("GET", "/admin/messages/" + id, null, 200);
        assertEquals(List.of("STORED"), states(home));
        assertTrue(home.getString("where").contains("mailbox 3001"), home.toString());
    }

    @Test
    @Order(2)
    void messageForAKilledHomeSiteIsHeldPlayableAndForwardedWhenItReturns() throws Exception {
        network();
        long pid = TestServer.pid("homebound-" + B.id());
        assertEquals(0, new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor(), "kill -9 site B");
        containers.stop(B.container()); // the process is gone; this only tells Arquillian so
        awaitAvailability(adminA, B, "DOWN", Duration.ofSeconds(15));

        Calls.leaveMessage(A.sipPort(), "3002", "2002", Duration.ofSeconds(2));

        JsonObject held = awaitOne(adminA, "/admin/sites/b/held", Duration.ofSeconds(15));
        String id = held.getString("id");
        assertEquals("HELD", held.getString("state"));
        assertTrue(held.getString("stateDetail").contains("home site b is DOWN"), held.toString());
        HttpResponse<byte[]> audio = adminA.bytes("/admin/messages/" + id + "/audio", null);
        assertEquals(200, audio.statusCode(), "a held message is playable at the recording site");
        assertEquals("RIFF", new String(audio.body(), 0, 4));
        assertTrue(audio.body().length > 16_000 * 1.5, "about two seconds of 16-bit audio: " + audio.body().length + " bytes");
        JsonObject site = adminA.object("GET", "/admin/sites/b", null, 200);
        assertEquals(1, site.getJsonObject("messages").getInt("HELD"), site.toString());

        containers.start(B.container());
        // No administrator action: the monitor sees B come back and the forwarder sends what A held.
        awaitOne(adminA, "/admin/messages?state=DELIVERED&site=b", m -> m.getString("id").equals(id), Duration.ofSeconds(30));
        JsonArray atB = Api.as("3002", PIN).at(B.httpPort()).array("/mailboxes/3002/messages");
        assertEquals(1, atB.size(), "exactly one copy at the home site: " + atB);
        assertEquals(id, atB.getJsonObject(0).getString("id"));
        JsonObject trace = adminA.object("GET", "/admin/messages/" + id, null, 200);
        assertEquals(List.of("RECORDED", "HELD", "SENT", "DELIVERED"), states(trace));
        assertEquals(0, adminA.array("/admin/sites/b/held").size(), "nothing left held");
    }

    @Test
    @Order(3)
    void messageForAnExtensionItsHomeDoesNotHaveIsUndeliverableWithTheReason() throws Exception {
        network();
        Calls.leaveMessage(A.sipPort(), "3999", "2003", Duration.ofSeconds(1));
        JsonObject refused = awaitOne(adminA, "/admin/messages?state=UNDELIVERABLE", Duration.ofSeconds(15));
        assertEquals("3999", refused.getString("extension"));
        assertTrue(refused.getString("stateDetail").contains("no mailbox 3999"), refused.toString());
        HttpResponse<byte[]> audio = adminA.bytes("/admin/messages/" + refused.getString("id") + "/audio", null);
        assertEquals(200, audio.statusCode(), "an undeliverable message is kept, not dropped");
    }

    @Test
    @Order(99)
    void stopTheSites() {
        for (TestSite s : List.of(A, B)) {
            if (containers.isStarted(s.container())) {
                containers.stop(s.container());
            }
        }
        assertFalse(containers.isStarted(A.container()) || containers.isStarted(B.container()));
    }

    private static List<String> states(JsonObject trace) {
        return trace.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("state")).toList();
    }

    private static void awaitAvailability(Api admin, TestSite peer, String state, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonObject site = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = admin.send("GET", "/admin/sites/" + peer.id(), null);
            if (r.statusCode() == 200) {
                site = (JsonObject) Api.parse(r.body());
                if (state.equals(site.getString("availability"))) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        fail("site " + peer.id() + " not " + state + " within " + within + ": " + site);
    }

    private static JsonObject awaitOne(Api admin, String path, Duration within) throws InterruptedException {
        return awaitOne(admin, path, m -> true, within);
    }

    private static JsonObject awaitOne(Api admin, String path, Predicate<JsonObject> match, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonArray list = null;
        while (System.nanoTime() < deadline) {
            list = admin.array(path);
            List<JsonObject> found = list.stream().map(JsonObject.class::cast).filter(match).toList();
            if (found.size() == 1) {
                return found.get(0);
            }
            assertTrue(found.size() < 2, "more than one message where one was expected: " + list);
            Thread.sleep(100);
        }
        fail(path + " did not list the message within " + within + ": " + list);
        return null;
    }
}
