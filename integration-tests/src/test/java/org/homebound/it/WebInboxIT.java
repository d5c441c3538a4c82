package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.homebound.it.peers.Chromium;
import org.homebound.it.peers.Speech;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.testing.SipTestPhone;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web inbox and the console in a real browser (Debian's Chromium through Playwright) against
 * the deployed EAR on PostgreSQL, with messages left by real SIP calls and the lamp watched as
 * NOTIFYs. Screenshots of the main pages are kept in target/screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebInboxIT {

    /** The inbox as subscribers on other machines reach it: HTTPS, with the server's certificate. */
    static final String SITE = ServerCertificate.httpsBase();
    /** Plain HTTP, which the server offers on the loopback interface only. */
    static final String LOOPBACK = "http://127.0.0.1:" + System.getProperty("it.http.port");
    static final Path SCREENSHOTS = Path.of(System.getProperty("it.work.dir"), "..", "screenshots").normalize();
    private static final Path WORK = Path.of(System.getProperty("it.work.dir"), "web");

    private static Chromium browser;
    @RegisterExtension
    static final Lamps lamps = new Lamps();

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        Path microphone = Speech.say(WORK, "microphone", "Hello, you have reached Ines. I am away today, please leave a message.");
        browser = new Chromium(SCREENSHOTS, microphone, ServerCertificate.publicKeyPin());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    private static JsonObject loggedIn(String user, String pin) {
        browser.step("open", SITE + "/");
        return browser.object("login", user, pin);
    }

    private static JsonObject find(JsonArray messages, String id) {
        return messages.stream().map(JsonValue::asJsonObject).filter(m -> m.getString("id").equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("message " + id + " not on the page: " + messages));
    }

    private static String newest(String extension, String pin, int count) throws Exception {
        JsonArray list = Calls.awaitMessages(Api.as(extension, pin), extension, count);
        return list.stream().map(JsonValue::asJsonObject).max((a, b) -> a.getString("receivedAt").compareTo(b.getString("receivedAt")))
                .orElseThrow().getString("id");
    }

    @Test
    void aSubscriberPlaysSavesMarksNewDeletesAndUndoesAndTheLampFollows() throws Exception {
        Api.createMailbox("4201", "Ines", "2580", 10);
        Api.createMailbox("4202", "Jonas", "2581", 10);
        Calls.leaveMessage("4201", "4202", Duration.ofSeconds(3));
        String id = newest("4201", "2580", 1);
        lamps.await("4201", "1/0");

        browser.step("open", SITE + "/");
        browser.step("screenshot", "login");
        JsonObject login = browser.object("login", "4201", "2580");
        assertTrue(login.getBoolean("inbox"), login.toString());
        JsonObject shown = find(browser.array("messages"), id);
        assertEquals("new-messages", shown.getString("list"));
        assertTrue(shown.getBoolean("isNew"), "marked new: " + shown);
        assertEquals("Jonas (4202)", shown.getString("caller"), "the caller's number and the name the directory knows");
        assertTrue(shown.getString("meta").contains("0:03"), "duration shown: " + shown.getString("meta"));
        assertTrue(shown.getString("meta").contains("recorded at it"), shown.getString("meta"));
        assertTrue(shown.getString("player").contains("Message from Jonas (4202)"), "the player is named: " + shown);
        browser.step("screenshot", "inbox");

        JsonObject played = browser.object("play", id);
        assertTrue(played.getBoolean("ended"), "the message plays to its end: " + played);
        JsonArray positions = played.getJsonArray("positions");
        assertTrue(positions.size() >= 3 && positions.getJsonNumber(positions.size() - 1).doubleValue() > positions.getJsonNumber(0).doubleValue(),
                "currentTime advances: " + positions);
        assertEquals(3.0, played.getJsonNumber("duration").doubleValue(), 0.4, played.toString());
        assertTrue(played.getString("src").contains("format=ogg"), "Chromium plays Ogg Opus, the stored format: " + played.getString("src"));
        assertTrue(Api.as("4201", "2580").object("GET", "/mailboxes/4201/messages/" + id, null, 200).getBoolean("heard"), "played: heard");
        assertTrue(lamps.await("4201", "0/1").body().contains("Messages-Waiting: no"), "the lamp goes off once it is heard");
        assertEquals("saved-messages", find(browser.array("messages"), id).getString("list"));

        JsonObject sought = browser.object("seek", id, 2);
        assertTrue(sought.getJsonNumber("currentTime").doubleValue() >= 1.9, "seeking works (byte ranges): " + sought);

        assertTrue(browser.text("messageAction", id, "new").contains("marked as new"));
        assertTrue(lamps.await("4201", "1/0").body().contains("Messages-Waiting: yes"), "marked new: the lamp is back");
        assertTrue(browser.text("messageAction", id, "save").contains("saved"));
        lamps.await("4201", "0/1");

        assertTrue(browser.text("messageAction", id, "delete").contains("deleted"));
        lamps.await("4201", "0/0");
        assertEquals("undo", browser.object("focused").getString("id"), "the Undo button takes the focus");
        assertEquals(0, Api.as("4201", "2580").array("/mailboxes/4201/messages").size());
        browser.step("keys", "Enter");
        assertTrue(browser.text("awaitStatus", "restored").contains("restored"));
        assertEquals(1, Api.as("4201", "2580").array("/mailboxes/4201/messages").size(), "undo brought it back");
        lamps.await("4201", "0/1");

        Calls.leaveMessage("4201", "+49301234567", Duration.ofSeconds(2));
        String second = newest("4201", "2580", 2);
        JsonObject arrived = find(browser.array("awaitMessage", second, "new-messages"), second);
        assertEquals("+49301234567", arrived.getString("caller"), "a new message shows up without a reload");
        assertEquals("1 new, 1 saved", browser.text("text", "#counts"));

        long width = ((JsonNumber) browser.step("resize", 375, 800)).longValue();
        assertTrue(width <= 375, "at a phone's width nothing needs scrolling sideways (the page is " + width + " px wide)");
        browser.step("screenshot", "inbox-phone");
        assertNoScriptErrors();
    }

    @Test
    void aGreetingUploadedOrRecordedInTheBrowserIsWhatTheNextCallerHears() throws Exception {
        Api.createMailbox("4203", "Kira", "3690", 10);
        assertTrue(loggedIn("4203", "3690").getBoolean("inbox"));
        assertTrue(browser.object("greeting").getString("state").contains("default"));

        Path upload = Speech.say(WORK, "greeting-upload", "Kira here. Leave a message.");
        assertTrue(browser.text("uploadGreeting", upload.toString()).contains("saved"));
        JsonObject stored = Api.as("4203", "3690").object("GET", "/mailboxes/4203/greeting", null, 200);
        assertTrue(stored.getBoolean("personal"));
        long greetingMillis = stored.getJsonNumber("durationMillis").longValue();
        assertEquals(Speech.duration(upload).toMillis(), greetingMillis, 300);
        assertTrue(browser.object("greeting").getBoolean("player"), "the page offers the greeting to hear");
        browser.step("screenshot", "greeting");

        long heardMillis = Calls.heardBeforeRecording(Calls.SIP_PORT, "4203").toMillis();
        long defaultMillis = Calls.greeting("4203").toMillis();
        assertTrue(Math.abs(heardMillis - (greetingMillis + 400)) < 700 && heardMillis < defaultMillis - 1000,
                "the caller heard the uploaded greeting and the tone (" + heardMillis + " ms; it is " + greetingMillis
                        + " ms, the default " + defaultMillis + " ms)");

        JsonObject recorded = browser.object("recordGreeting", 3000);
        assertEquals(3.0, recorded.getJsonNumber("preview").doubleValue(), 0.8, "what the microphone gave, to listen to before saving");
        JsonObject fromMicrophone = Api.as("4203", "3690").object("GET", "/mailboxes/4203/greeting", null, 200);
        assertTrue(fromMicrophone.getJsonNumber("durationMillis").longValue() >= 2000, fromMicrophone.toString());
        assertTrue(!fromMicrophone.getString("changedAt").equals(stored.getString("changedAt")), "the recording replaced the upload");

        browser.step("click", "#greeting-default");
        assertFalse(Api.as("4203", "3690").object("GET", "/mailboxes/4203/greeting", null, 200).getBoolean("personal"));
        assertTrue(browser.object("greeting").getString("state").contains("default"));
        assertNoScriptErrors();
    }

    @Test
    void wrongPinsLockTheMailboxOnTheWebTheApiAndThePhoneUntilAnAdministratorUnlocksIt() throws Exception {
        Api.createMailbox("4204", "Lena", "1357", 10);
        browser.step("open", SITE + "/");
        int wrong = 0;
        String said = "";
        for (int tries = 0; tries < 40 && !said.contains("locked"); tries++) {
            said = browser.object("login", "4204", String.format("%04d", 9000 + tries)).getString("status");
            if (said.contains("Wait")) {
                Thread.sleep(1100); // slowed: this try was not checked, so it did not count
            } else {
                wrong++;
            }
        }
        assertTrue(said.contains("locked"), "the page says the mailbox is locked and what to do: " + said);
        assertTrue(said.contains("administrator"), said);
        assertEquals(10, wrong, "the tenth wrong PIN in a row locks the mailbox");
        browser.step("screenshot", "login-locked");

        assertTrue(browser.object("login", "4204", "1357").getString("status").contains("locked"), "the right PIN is refused on the web too");
        HttpResponse<String> rest = Api.as("4204", "1357").send("GET", "/mailboxes/4204/messages", null);
        assertEquals(423, rest.statusCode(), "and over REST: " + rest.body());
        assertPhoneSaysLocked("4204", "1357");

        JsonObject admin = loggedIn("admin", Api.adminPassword());
        assertTrue(admin.getString("url").endsWith("admin.html"), "an administrator lands in the console: " + admin);
        browser.step("awaitText", "tr[data-extension='4204']", "PIN locked");
        browser.step("screenshot", "console-mailboxes");
        JsonObject lockouts = Api.admin().object("GET", "/admin/lockouts", null, 200);
        assertTrue(lockouts.getJsonArray("accounts").stream().map(JsonValue::asJsonObject)
                .anyMatch(a -> a.getString("username").equals("4204") && a.getBoolean("locked")), lockouts.toString());
        assertTrue(browser.text("click", "button[aria-label='Unlock mailbox 4204']").contains("unlocked"));
        assertFalse(Api.admin().object("GET", "/admin/mailboxes/4204", null, 200).getBoolean("pinLocked"));

        assertTrue(loggedIn("4204", "1357").getBoolean("inbox"), "after the unlock the right PIN works again");
        assertNoScriptErrors();
    }

    /** The owner calls voicemail from their own phone and types the right PIN: told the mailbox is locked, and the call ends. */
    private static void assertPhoneSaysLocked(String extension, String pin) throws Exception {
        Path log = Path.of(System.getProperty("it.base.dir"), "log", "server.log");
        try (SipTestPhone phone = Calls.phone()) {
            SipTestPhone.Call call = phone.invite(Calls.TRUNK, "sip:" + extension + "@127.0.0.1", "sip:8000@127.0.0.1", Map.of(), AudioEncoding.PCMU);
            assertEquals(200, call.awaitFinal(Duration.ofSeconds(10)).status());
            call.ack();
            Thread.sleep(1500);
            for (char key : (pin + "#").toCharArray()) {
                phone.sendKey(call.serverMedia(), key);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            SipTestPhone.Message m = null;
            while (System.nanoTime() < deadline && (m == null || !m.isRequest("BYE"))) {
                m = phone.await(call.callId, Duration.ofMillis(500));
            }
            assertTrue(m != null && m.isRequest("BYE"), "the service hangs up on a locked mailbox");
            String callId = call.callId;
            assertTrue(Files.readAllLines(log).stream().anyMatch(l -> l.contains(callId) && l.contains("is locked, call ended")),
                    "the phone menu refused the right PIN of a locked mailbox (call " + callId + ")");
        }
    }

    @Test
    void aSubscriberCannotReachAnotherMailboxByEditingTheAddress() throws Exception {
        Api.createMailbox("4205", "Mia", "4826", 10);
        Api.createMailbox("4206", "Nils", "4827", 10);
        Calls.leaveMessage("4206", "1000", Duration.ofSeconds(1));
        String theirs = newest("4206", "4827", 1);
        assertTrue(loggedIn("4205", "4826").getBoolean("inbox"));

        assertEquals(403, browser.object("fetchAsPage", "GET", "/mailboxes/4206/messages").getInt("status"));
        assertEquals(403, browser.object("fetchAsPage", "POST", "/mailboxes/4206/messages/" + theirs + "/heard").getInt("status"));
        assertEquals(403, browser.object("fetchAsPage", "GET", "/admin/mailboxes").getInt("status"));
        assertEquals(403, browser.object("visit", SITE + "/api/mailboxes/4206/messages/" + theirs + "/audio?format=wav").getInt("status"),
                "the audio of someone else's message, typed into the address bar");
        assertFalse(Api.as("4206", "4827").object("GET", "/mailboxes/4206/messages/" + theirs, null, 200).getBoolean("heard"));
        browser.step("go", SITE + "/admin.html");
        assertTrue(browser.step("awaitText", "#login-title", "Log in") != null, "the console sends a subscriber back to their inbox's login");
    }

    @Test
    void changesFromAnotherSiteOrWithoutThePagesTokenAreRefused() throws Exception {
        Api.createMailbox("4207", "Olga", "5791", 10);
        Calls.leaveMessage("4207", "1000", Duration.ofSeconds(1));
        String id = newest("4207", "5791", 1);
        assertTrue(loggedIn("4207", "5791").getBoolean("inbox"));

        int attackerPort = Integer.getInteger("it.http.port") + 7;
        JsonObject forged = browser.object("forgeFrom", attackerPort, SITE + "/api/mailboxes/4207/messages/" + id + "/heard", "POST");
        assertEquals(403, forged.getInt("status"), "a form on another origin is refused: " + forged);
        assertFalse(Api.as("4207", "5791").object("GET", "/mailboxes/4207/messages/" + id, null, 200).getBoolean("heard"), "nothing changed");

        // The same session cookie without the page's token, as a script elsewhere would send it.
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(LOOPBACK + "/api/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"4207\",\"pin\":\"5791\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, session.statusCode());
        String cookie = session.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(attributes(cookie).containsAll(List.of("httponly", "samesite=strict")), cookie);
        assertFalse(attributes(cookie).contains("secure"), "not Secure over plain HTTP (it would never be sent back): " + cookie);
        String token = ((JsonObject) Api.parse(session.body())).getString("csrfToken");
        String sessionCookie = cookie.substring(0, cookie.indexOf(';'));
        HttpRequest.Builder heard = HttpRequest.newBuilder(URI.create(LOOPBACK + "/api/mailboxes/4207/messages/" + id + "/heard"))
                .header("Cookie", sessionCookie).POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(403, http.send(heard.build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "no token: refused");
        assertEquals(403, http.send(heard.copy().header("X-CSRF-Token", "guess").build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> withToken = http.send(heard.copy().header("X-CSRF-Token", token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withToken.statusCode(), withToken.body());
        String overHttps = secureLoginCookie("4207", "5791");
        assertTrue(attributes(overHttps).containsAll(List.of("secure", "httponly", "samesite=strict")), "over HTTPS also Secure: " + overHttps);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(LOOPBACK + "/")).build(), HttpResponse.BodyHandlers.ofString());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertTrue(withToken.headers().firstValue("Cache-Control").orElse("").contains("no-store"), "JSON is never kept by a shared cache");
    }

    /** A Set-Cookie header's attributes after the name and value, lower case. */
    private static List<String> attributes(String setCookie) {
        return java.util.Arrays.stream(setCookie.split(";")).skip(1).map(a -> a.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** The Set-Cookie of a login over the server's HTTPS listener, its certificate checked. */
    private static String secureLoginCookie(String user, String pin) throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(ServerCertificate.trusted()).build();
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(SITE + "/api/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"pin\":\"" + pin + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), login.body());
        return login.headers().firstValue("Set-Cookie").orElseThrow();
    }

    @Test
    void theInboxWorksWithTheKeyboardAlone() throws Exception {
        Api.createMailbox("4208", "Paul", "6802", 10);
        Calls.leaveMessage("4208", "1000", Duration.ofSeconds(2));
        String id = newest("4208", "6802", 1);
        browser.step("open", SITE + "/");
        browser.step("tabTo", "#login-user");
        browser.step("keys", "type:4208", "Tab", "type:6802", "Enter");
        browser.step("awaitText", "#counts", "1 new");

        browser.step("tabTo", "li[data-id='" + id + "'] audio");
        browser.step("keys", "Space");
        JsonObject playing = browser.object("playing", "li[data-id='" + id + "'] audio");
        assertFalse(playing.getBoolean("paused"), "Space on the focused player plays the message: " + playing);
        browser.step("keys", "Space");

        browser.step("tabTo", "li[data-id='" + id + "'] [data-action=delete]");
        browser.step("keys", "Enter");
        assertTrue(browser.text("awaitStatus", "deleted").contains("deleted"));
        assertEquals("undo", browser.object("focused").getString("id"));
        browser.step("keys", "Enter");
        assertTrue(browser.text("awaitStatus", "restored").contains("restored"));
        assertEquals(1, Api.as("4208", "6802").array("/mailboxes/4208/messages").size());

        browser.step("tabTo", "#logout");
        browser.step("keys", "Enter");
        browser.step("awaitText", "#status", "logged out");
        assertEquals(401, browser.object("fetchAsPage", "GET", "/mailboxes/4208/messages").getInt("status"), "the session ended");
    }

    @Test
    void aSubscriberChangesTheirPinInThePageUnderTheSameRulesAsEverywhere() throws Exception {
        Api.createMailbox("4209", "Rita", "7913", 10);
        assertTrue(loggedIn("4209", "7913").getBoolean("inbox"));
        browser.step("fill", "#pin-current", "7913");
        browser.step("fill", "#pin-new", "1111");
        browser.step("fill", "#pin-repeat", "1111");
        assertTrue(browser.text("click", "#pin-form button[type=submit]").contains("one digit repeated"), "a PIN anyone would guess is refused");
        browser.step("fill", "#pin-current", "0000");
        browser.step("fill", "#pin-new", "8264");
        browser.step("fill", "#pin-repeat", "8264");
        assertTrue(browser.text("click", "#pin-form button[type=submit]").contains("current PIN is wrong"));
        assertEquals(1, Api.admin().object("GET", "/admin/mailboxes/4209", null, 200).getInt("wrongPins"), "a wrong current PIN counts");
        browser.step("fill", "#pin-current", "7913");
        browser.step("fill", "#pin-new", "8264");
        browser.step("fill", "#pin-repeat", "8264");
        assertTrue(browser.text("click", "#pin-form button[type=submit]").contains("PIN is changed"));
        assertEquals(401, Api.as("4209", "7913").send("GET", "/mailboxes/4209/messages", null).statusCode(), "the old PIN no longer opens it");
        assertEquals(200, Api.as("4209", "8264").send("GET", "/mailboxes/4209/messages", null).statusCode());
        HttpResponse<byte[]> none = Api.as("4209", "8264").bytes("/mailboxes/4209/greeting/audio?format=wav", null);
        assertEquals(404, none.statusCode(), "no personal greeting yet");

        // Email of new messages, set in the page.
        browser.step("fill", "#email-addresses", "rita@example, x");
        assertTrue(browser.text("click", "#email-form button[type=submit]").contains("is not an email address"), "refused, saying why");
        browser.step("fill", "#email-addresses", "rita@example.com, desk@example.com");
        browser.step("select", "#email-attachment", "WAV");
        browser.step("select", "#email-after", "MARK_HEARD");
        assertTrue(browser.text("click", "#email-form button[type=submit]").contains("emailed to rita@example.com, desk@example.com"));
        JsonObject email = Api.as("4209", "8264").object("GET", "/mailboxes/4209/email", null, 200);
        assertEquals(List.of("rita@example.com", "desk@example.com"), email.getJsonArray("addresses").getValuesAs(JsonString::getString));
        assertEquals("WAV", email.getString("attachment"));
        assertEquals("MARK_HEARD", email.getString("afterEmail"));
        assertNoScriptErrors();
    }

    @Test
    void anAdministratorManagesMailboxesInTheConsole() throws Exception {
        assertTrue(loggedIn("admin", Api.adminPassword()).getString("url").endsWith("admin.html"));
        browser.step("fill", "#mb-extension", "4210");
        browser.step("fill", "#mb-name", "Sven");
        browser.step("fill", "#mb-pin", "2846");
        assertTrue(browser.text("click", "#mb-submit").contains("Mailbox 4210 created"));
        assertEquals("Sven", Api.admin().object("GET", "/admin/mailboxes/4210", null, 200).getString("name"));
        browser.step("fill", "#mb-extension", "4210");
        browser.step("fill", "#mb-name", "Again");
        browser.step("fill", "#mb-pin", "2846");
        assertTrue(browser.text("click", "#mb-submit").contains("already exists"), "the API's validation, said in the page");

        browser.step("fill", "#search", "sve");
        JsonArray rows = browser.array("rows", "#mailbox-rows tr");
        assertEquals(1, rows.size(), "the search finds by name: " + rows);
        assertTrue(rows.getString(0).contains("4210") && rows.getString(0).contains("it"), "with its home site: " + rows);

        browser.step("click", "button[aria-label='Edit mailbox 4210']");
        browser.step("fill", "#mb-name", "Sven Berg");
        browser.step("fill", "#mb-pin", "5937");
        assertTrue(browser.text("click", "#mb-submit").contains("saved with its new PIN"));
        assertEquals("Sven Berg", Api.admin().object("GET", "/admin/mailboxes/4210", null, 200).getString("name"));
        assertEquals(200, Api.as("4210", "5937").send("GET", "/mailboxes/4210/messages", null).statusCode(), "the PIN was reset");

        browser.step("click", "button[aria-label='Edit mailbox 4210']");
        browser.step("fill", "#mb-email", "sven@example.com");
        browser.step("select", "#mb-after", "DELETE");
        assertTrue(browser.text("click", "#mb-submit").contains("Mailbox 4210 saved"));
        JsonObject email = Api.admin().object("GET", "/admin/mailboxes/4210", null, 200).getJsonObject("email");
        assertEquals("sven@example.com", email.getJsonArray("addresses").getString(0));
        assertEquals("DELETE", email.getString("afterEmail"));

        assertTrue(browser.text("click", "button[aria-label='Disable mailbox 4210']").contains("disabled"));
        assertFalse(Api.admin().object("GET", "/admin/mailboxes/4210", null, 200).getBoolean("enabled"));
        assertTrue(browser.text("click", "button[aria-label='Enable mailbox 4210']").contains("enabled"));
        assertNoScriptErrors();
    }

    private static void assertNoScriptErrors() {
        List<String> problems = browser.array("consoleMessages").stream().map(v -> ((JsonString) v).getString())
                .filter(m -> m.startsWith("pageerror") || m.contains("Content Security Policy") || m.contains("Refused to")).toList();
        assertTrue(problems.isEmpty(), "no script errors or CSP violations: " + problems);
    }
}
