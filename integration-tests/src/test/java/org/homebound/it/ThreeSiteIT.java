package org.homebound.it;

import static org.homebound.it.Await.availability;
import static org.homebound.it.Await.ids;
import static org.homebound.it.Await.logged;
import static org.homebound.it.Await.one;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.homebound.it.network.SiteNetwork;
import org.homebound.it.network.TestSite;
import org.homebound.telephony.audio.OggOpus;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three real sites, A (2000-2999), B (3000-3999) and C (4000-4999), every one a peer of the
 * other two: messages in every direction, each site killed in turn while the other two carry on,
 * and what a site's broker does with senders that are not its peers, or peers that lie.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeSiteIT {

    private static final List<TestSite> SITES = List.of(TestSite.A, TestSite.B, TestSite.C);
    private static final String PIN = "4711";
    private static boolean prepared;
    private static int callers = 5000;

    @RegisterExtension
    static final FailureReport REPORT = new FailureReport(() -> "(three sites)",
            SITES.stream().map(s -> SiteNetwork.DIR.resolve(s.id()).resolve("log").resolve("server.log")).toList(), 25);

    @ArquillianResource
    ContainerController containers;

    private void network() throws Exception {
        if (!prepared) {
            SiteNetwork.prepare(SITES, false, true);
            prepared = true;
        }
        TestServer.startAll(containers, SITES);
        Await.everyPeerUp(SITES, Duration.ofSeconds(60));
    }

    @Test
    @Order(1)
    void messagesGoHomeInEveryDirection() throws Exception {
        network();
        for (TestSite s : SITES) {
            admin(s).object("POST", "/admin/mailboxes", "{\"extension\":\"" + mailbox(s) + "\",\"name\":\"Home " + s.id()
                    + "\",\"pin\":\"" + PIN + "\"}", 201);
        }
        for (TestSite recorder : SITES) {
            for (TestSite home : others(recorder)) {
                String caller = leave(recorder, home);
                JsonObject sent = one(admin(recorder), "/admin/messages?state=DELIVERED&site=" + home.id(), fromCaller(caller),
                        Duration.ofSeconds(45));
                assertEquals(recorder.id(), sent.getString("recordingSite"));
            }
        }
        for (TestSite home : SITES) {
            JsonArray box = messagesOf(home);
            assertEquals(2, box.size(), "one message from each other site in " + mailbox(home) + ": " + box);
            Set<String> from = Set.copyOf(box.stream().map(m -> ((JsonObject) m).getString("recordingSite")).toList());
            assertEquals(Set.copyOf(others(home).stream().map(TestSite::id).toList()), from);
        }
    }

    /**
     * Each site in turn is killed: the two others hold what they record for it, still exchange
     * messages with each other, and the moment it is back it gets what they held, once.
     */
    @Test
    @Order(2)
    void eachSiteKilledInTurnGetsWhatTheOthersHeldForIt() throws Exception {
        network();
        for (TestSite down : SITES) {
            int inMailboxBefore = messagesOf(down).size();
            TestServer.kill(containers, down);
            List<TestSite> up = others(down);
            for (TestSite s : up) {
                availability(admin(s), down, "DOWN", Duration.ofSeconds(15));
            }
            Map<TestSite, String> heldFor = new HashMap<>();
            for (TestSite recorder : up) {
                TestSite other = up.get(0) == recorder ? up.get(1) : up.get(0);
                String held = leave(recorder, down);
                String delivered = leave(recorder, other);
                heldFor.put(recorder, one(admin(recorder), "/admin/sites/" + down.id() + "/held", fromCaller(held), Duration.ofSeconds(15))
                        .getString("id"));
                one(admin(recorder), "/admin/messages?state=DELIVERED&site=" + other.id(), fromCaller(delivered), Duration.ofSeconds(15));
            }

            containers.start(down.container());
            for (TestSite recorder : up) {
                String id = heldFor.get(recorder);
                one(admin(recorder), "/admin/messages?state=DELIVERED&site=" + down.id(), m -> m.getString("id").equals(id),
                        Duration.ofSeconds(30));
                assertEquals(0, admin(recorder).array("/admin/sites/" + down.id() + "/held").size(), "nothing left held for " + down.id());
            }
            JsonArray box = messagesOf(down);
            assertEquals(inMailboxBefore + 2, box.size(), "exactly the two held messages arrived at " + down.id() + ": " + box);
            assertTrue(ids(box).containsAll(heldFor.values()), box.toString());
        }
    }

    /**
     * Site C's broker, seen by an intruder and by a peer that lies. Nobody but a peer's bridge login
     * may send anything; a peer may send only through its own door; and an envelope is believed only
     * from the site whose door it came through, and only when it is well formed. Nothing rejected is stored.
     */
    @Test
    @Order(3)
    void onlyPeersMaySendAndAPeerCannotSpeakForAnotherSite() throws Exception {
        network();
        TestSite c = TestSite.C;
        String doorOfA = "jms.queue.Inbound.a";
        assertThrows(JMSSecurityException.class, () -> sendTo(c, doorOfA, null, null, envelope("a", "c"), 8000), "a client without a login");
        assertThrows(JMSSecurityException.class, () -> sendTo(c, doorOfA, "intruder", "guess", envelope("a", "c"), 8000),
                "a login that is not a peer's");
        String secretOfA = Files.readString(SiteNetwork.DIR.resolve("secrets").resolve("a")).trim();
        assertThrows(JMSSecurityException.class, () -> sendTo(c, doorOfA, "site-a", "not-" + secretOfA, envelope("a", "c"), 8000),
                "a peer's login with the wrong secret");
        for (String elsewhere : List.of("jms.queue.Inbound", "jms.queue.Inbound.b", "jms.queue.MailboxEvents")) {
            assertThrows(JMSSecurityException.class, () -> sendTo(c, elsewhere, "site-a", secretOfA, envelope("a", "c"), 8000),
                    "site a may send through its own door only, not to " + elsewhere);
        }

        Map<String, Object> posingAsB = envelope("b", "c");
        Map<String, Object> unknownSite = envelope("z", "c");
        Map<String, Object> lyingAboutLength = envelope("a", "c");
        Map<String, Object> honest = envelope("a", "c");
        Map<String, Object> long150s = envelope("a", "c");
        long150s.put("hbDurationMillis", 150_000L);
        byte[] oneSecondOfOpus = OggOpus.encode(SipTestPhone.tone(440, Duration.ofSeconds(1), 8000), 10_000);
        Map<String, Object> opus = opus(envelope("a", "c"));
        Map<String, Object> opusLyingAboutLength = opus(envelope("a", "c"));
        opusLyingAboutLength.put("hbDurationMillis", 5000L);
        Map<String, Object> notOpus = opus(envelope("a", "c"));
        Map<String, Object> greetingForC = opus(envelope("a", "c"));
        greetingForC.put("hbKind", "GREETING");
        sendTo(c, doorOfA, "site-a", secretOfA, posingAsB, 8000);
        sendTo(c, doorOfA, "site-a", secretOfA, unknownSite, 8000);
        sendTo(c, doorOfA, "site-a", secretOfA, lyingAboutLength, 80_000);
        sendTo(c, doorOfA, "site-a", secretOfA, honest, 8000);
        sendTo(c, doorOfA, "site-a", secretOfA, opus, oneSecondOfOpus);
        sendTo(c, doorOfA, "site-a", secretOfA, opusLyingAboutLength, oneSecondOfOpus);
        sendTo(c, doorOfA, "site-a", secretOfA, notOpus, new byte[8000]);
        sendTo(c, doorOfA, "site-a", secretOfA, greetingForC, oneSecondOfOpus);
        // 1.2 MB: more than the 100 KiB at which this client sends an Artemis large message
        sendTo(c, doorOfA, "site-a", secretOfA, long150s, 1_200_000);
        // Batches (as a forwarder drains a backlog): one posing as b is refused whole; in one from a, the
        // honest items are stored and the one whose audio lies is refused alone; one whose lengths do not
        // add up to its body is refused whole.
        Map<String, Object> batchedA = envelope("b", "c");
        Map<String, Object> batchedB = envelope("b", "c");
        sendTo(c, doorOfA, "site-a", secretOfA, batch(List.of(batchedA, batchedB), List.of(8000, 8000)), new byte[16_000]);
        Map<String, Object> batchedHonest = envelope("a", "c");
        Map<String, Object> batchedOpusLying = opus(envelope("a", "c"));
        batchedOpusLying.put("hbDurationMillis", 5000L);
        Map<String, Object> batchedHonestToo = envelope("a", "c");
        byte[] body = new byte[8000 + oneSecondOfOpus.length + 8000];
        System.arraycopy(oneSecondOfOpus, 0, body, 8000, oneSecondOfOpus.length);
        sendTo(c, doorOfA, "site-a", secretOfA, batch(List.of(batchedHonest, batchedOpusLying, batchedHonestToo),
                List.of(8000, oneSecondOfOpus.length, 8000)), body);
        // The same message twice in one batch (a peer's bug, or a lie): stored once, the copy confirmed again.
        Map<String, Object> twiceInABatch = envelope("a", "c");
        sendTo(c, doorOfA, "site-a", secretOfA, batch(List.of(twiceInABatch, twiceInABatch), List.of(8000, 8000)), new byte[16_000]);
        Map<String, Object> frameLost = envelope("a", "c");
        sendTo(c, doorOfA, "site-a", secretOfA, batch(List.of(frameLost), List.of(8000)), new byte[8001]);

        String honestId = (String) honest.get("hbMessageId");
        one(admin(c), "/admin/messages?state=STORED", m -> m.getString("id").equals(honestId), Duration.ofSeconds(15));
        String longId = (String) long150s.get("hbMessageId");
        JsonObject longOne = one(admin(c), "/admin/messages?state=STORED", m -> m.getString("id").equals(longId), Duration.ofSeconds(15));
        assertEquals(150_000, longOne.getJsonNumber("durationMillis").longValue());
        byte[] wav = admin(c).bytes("/admin/messages/" + longId + "/audio", null).body();
        assertEquals(44 + 2 * 1_200_000, wav.length, "150 s of 16-bit audio behind a WAV header");
        logged(c, "REJECTED VOICE_MESSAGE " + posingAsB.get("hbMessageId") + ": it claims to come from site b, but was sent by site a");
        logged(c, "REJECTED VOICE_MESSAGE " + unknownSite.get("hbMessageId") + " sent by site a: it claims to come from site 'z'");
        logged(c, "REJECTED envelope on the inbound queue: audio of 80000 bytes does not last the 1000 ms the message claims");
        String opusId = (String) opus.get("hbMessageId");
        JsonObject opusOne = one(admin(c), "/admin/messages?state=STORED", m -> m.getString("id").equals(opusId), Duration.ofSeconds(15));
        assertEquals(oneSecondOfOpus.length, opusOne.getJsonNumber("audioBytes").longValue(), "compressed audio is stored as it came");
        assertEquals(44 + 2 * 8000, admin(c).bytes("/admin/messages/" + opusId + "/audio", null).body().length);
        logged(c, "REJECTED message " + opusLyingAboutLength.get("hbMessageId") + " from site a: its audio is not what it claims: "
                + "Opus audio of 1000 ms does not last the 5000 ms the message claims");
        logged(c, "REJECTED message " + notOpus.get("hbMessageId") + " from site a: its audio is not what it claims: no Ogg page at byte 0");
        logged(c, "REJECTED GREETING for " + mailbox(c) + " from site a: the home of " + mailbox(c) + " is site c");
        for (Map<String, Object> stored : List.of(batchedHonest, batchedHonestToo)) {
            one(admin(c), "/admin/messages?state=STORED", m -> m.getString("id").equals(stored.get("hbMessageId")), Duration.ofSeconds(15));
        }
        logged(c, "REJECTED VOICE_BATCH of 2 from b to c (" + batchedA.get("hbMessageId") + ", ...): it claims to come from site b, but was sent by site a");
        logged(c, "REJECTED message " + batchedOpusLying.get("hbMessageId") + " from site a: its audio is not what it claims: "
                + "Opus audio of 1000 ms does not last the 5000 ms the message claims");
        logged(c, "REJECTED envelope on the inbound queue: the items' audio adds up to 8000 bytes, the body has 8001");
        String twiceId = (String) twiceInABatch.get("hbMessageId");
        one(admin(c), "/admin/messages?state=STORED", m -> m.getString("id").equals(twiceId), Duration.ofSeconds(15));
        logged(c, "message " + twiceId + " for " + mailbox(c) + " from site a: already stored, receipt sent again");
        for (Map<String, Object> refused : List.of(posingAsB, unknownSite, lyingAboutLength, batchedA, batchedB, batchedOpusLying, frameLost)) {
            assertEquals(404, admin(c).send("GET", "/admin/messages/" + refused.get("hbMessageId"), null).statusCode(),
                    "nothing of a rejected envelope is stored");
        }
    }

    @Test
    @Order(99)
    void stopTheSites() {
        TestServer.stopAll(containers, SITES);
        assertFalse(SITES.stream().anyMatch(s -> containers.isStarted(s.container())));
    }

    /** A voice message for C's mailbox, as a recording site's link would send it. */
    private static Map<String, Object> envelope(String from, String to) {
        Map<String, Object> p = new HashMap<>();
        p.put("hbKind", "VOICE_MESSAGE");
        p.put("hbMessageId", UUID.randomUUID().toString());
        p.put("hbFromSite", from);
        p.put("hbToSite", to);
        p.put("hbExtension", mailbox(TestSite.C));
        p.put("hbCaller", "2999");
        p.put("hbReceivedAt", Instant.now().toEpochMilli());
        p.put("hbDurationMillis", 1000L);
        p.put("hbAudioFormat", "G711_ULAW");
        return p;
    }

    /** A batch of voice messages as a forwarder sends it: the items' properties with the suffix "_i", the audio one after the other. */
    private static Map<String, Object> batch(List<Map<String, Object>> items, List<Integer> audioLengths) {
        Map<String, Object> p = new HashMap<>();
        p.put("hbKind", "VOICE_BATCH");
        p.put("hbFromSite", items.get(0).get("hbFromSite"));
        p.put("hbToSite", items.get(0).get("hbToSite"));
        p.put("hbCount", items.size());
        for (int i = 0; i < items.size(); i++) {
            for (Map.Entry<String, Object> e : items.get(i).entrySet()) {
                if (!List.of("hbKind", "hbFromSite", "hbToSite").contains(e.getKey())) {
                    p.put(e.getKey() + "_" + i, e.getValue());
                }
            }
            p.put("hbAudioLength_" + i, audioLengths.get(i));
        }
        return p;
    }

    private static Map<String, Object> opus(Map<String, Object> envelope) {
        envelope.put("hbAudioFormat", "OGG_OPUS");
        return envelope;
    }

    private static void sendTo(TestSite site, String address, String user, String password, Map<String, Object> properties, int audioBytes)
            throws JMSException {
        sendTo(site, address, user, password, properties, new byte[audioBytes]);
    }

    /** Sends straight to a site's broker over its HTTP port, the way a peer's bridge connects. */
    private static void sendTo(TestSite site, String address, String user, String password, Map<String, Object> properties, byte[] audio)
            throws JMSException {
        String url = "tcp://127.0.0.1:" + site.httpPort() + "?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor&reconnectAttempts=0";
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
             Connection connection = user == null ? factory.createConnection() : factory.createConnection(user, password)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(address));
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(audio);
            for (Map.Entry<String, Object> p : properties.entrySet()) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
            // What a liar would add: the broker must overwrite it with the door the message really came through.
            message.setStringProperty("_AMQ_ORIG_ADDRESS", "jms.queue.Inbound." + properties.get("hbFromSite"));
            producer.send(message);
        }
    }

    /** One call at the recording site for the home site's mailbox; returns the caller number that marks it. */
    private static String leave(TestSite recorder, TestSite home) throws Exception {
        String caller = Integer.toString(callers++);
        Calls.leaveMessage(recorder.sipPort(), mailbox(home), caller, Duration.ofSeconds(1));
        return caller;
    }

    private static Predicate<JsonObject> fromCaller(String caller) {
        return m -> caller.equals(m.getString("from"));
    }

    private static JsonArray messagesOf(TestSite home) {
        return Api.as(mailbox(home), PIN).at(home.httpPort()).array("/mailboxes/" + mailbox(home) + "/messages");
    }

    private static String mailbox(TestSite s) {
        return s.ranges().substring(0, 3) + "1";
    }

    private static Api admin(TestSite s) {
        return Api.adminOf(s.httpPort());
    }

    private static List<TestSite> others(TestSite s) {
        return SITES.stream().filter(o -> o != s).toList();
    }
}
