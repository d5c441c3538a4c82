package org.homebound.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.homebound.it.Api;
import org.homebound.it.Calls;
import org.homebound.it.HomeboundDeployment;
import org.homebound.it.peers.Postfix;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Email throughput: bench.mails messages (5 s each, left by SIP calls while Postfix is stopped)
 * wait in the outbox; Postfix starts and the outbox sends them all, MP3 attached, over STARTTLS with a login
 * to Postfix on the same two cores. Reported: mails per second as the server sent them (first to
 * last SENT) and as they arrived in the Maildir, with the attachment's size.
 *   mvn verify -Pbench -Dit.test=EmailBench -Dbench.mails=200   (through wildfly-config/bin/run-tests)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EmailBench {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    @Test
    void mailsPerSecondWithAttachments() throws Exception {
        int mails = Integer.getInteger("bench.mails", 100);
        Api admin = Api.admin();
        admin.object("POST", "/admin/mailboxes", "{\"extension\":\"5901\",\"name\":\"Bench Mail\",\"pin\":\"4826\",\"quota\":10000,"
                + "\"email\":{\"addresses\":[\"vmtest+bench@homebound.test\"],\"attachment\":\"MP3\",\"afterEmail\":\"KEEP\"}}", 201);
        Postfix.stop();
        try {
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<Long>> calls = new ArrayList<>();
            for (int i = 0; i < mails; i++) {
                calls.add(callers.submit(() -> Calls.leaveMessage(Calls.SIP_PORT, "5901", "5999", Duration.ofSeconds(5))));
            }
            for (Future<Long> c : calls) {
                c.get();
            }
            callers.shutdown();
            awaitJobs(admin, mails, "PENDING");
        } finally {
            Postfix.start();
        }
        Instant started = Instant.now();
        Set<String> ids = new HashSet<>();
        for (JsonObject j : jobs(admin, "PENDING,SENDING,SENT")) {
            ids.add(j.getString("messageId"));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long arrived = 0;
        Instant last = null;
        while (System.nanoTime() < deadline) {
            arrived = Postfix.deliveredVoiceMessages().stream().filter(ids::contains).count();
            if (arrived >= mails) {
                last = Instant.now();
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(mails, arrived, "every mail arrived");
        List<JsonObject> sent = jobs(admin, "SENT");
        Instant firstSent = sent.stream().map(j -> Instant.parse(j.getString("sentAt"))).min(Instant::compareTo).orElseThrow();
        Instant lastSent = sent.stream().map(j -> Instant.parse(j.getString("sentAt"))).max(Instant::compareTo).orElseThrow();
        double serverRate = (mails - 1) / Math.max(0.001, Duration.between(firstSent, lastSent).toMillis() / 1000.0);
        double endToEnd = mails / Math.max(0.001, Duration.between(started, last).toMillis() / 1000.0);
        java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
        Postfix.mailsFor(ids.iterator().next()).get(0).writeTo(one);
        long mp3Bytes = one.size();
        String report = String.format("""
                %d mails, each with a 5 s message as MP3, STARTTLS and SMTP AUTH to Postfix on loopback (same 2 cores)
                server side (first to last SENT):       %.1f mails/s
                MTA started -> all in the Maildir:      %.1f mails/s (%.1f s, includes the retry wait of up to 2 s)
                one delivered mail (headers, parts, base64 MP3): %d bytes
                """, mails, serverRate, endToEnd, Duration.between(started, last).toMillis() / 1000.0, mp3Bytes);
        Path out = Path.of(System.getProperty("it.work.dir"), "bench", "email");
        Files.createDirectories(out);
        Files.writeString(out.resolve("email.txt"), report);
        System.out.println(report);
    }

    private static List<JsonObject> jobs(Api admin, String states) {
        JsonArray all = admin.array("/admin/email?mailbox=5901&limit=500&state=" + states);
        List<JsonObject> list = new ArrayList<>();
        all.forEach(v -> list.add(v.asJsonObject()));
        return list;
    }

    private static void awaitJobs(Api admin, int count, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (jobs(admin, state + ",SENDING").size() >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not all " + count + " deposits reached the outbox");
    }
}
