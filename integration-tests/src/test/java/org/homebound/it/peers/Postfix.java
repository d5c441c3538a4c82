package org.homebound.it.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/**
 * Debian's Postfix, set up by src/test/mta/setup-postfix (run by run-tests): SMTP with STARTTLS on
 * 127.0.0.1:25, SMTP AUTH for the user "homebound" (password: HOMEBOUND_SMTP_PASSWORD), mail for
 * @homebound.test delivered as files to the Maildir of the local user vmtest.
 * The test server trusts the CA in {@link #TRUST} (a copy of the MTA's CA a test may swap for another).
 */
public final class Postfix {

    public static final Path DIR = Path.of(System.getProperty("it.mta.dir"));
    /** The file the test server reads as its mail trust store (homebound.mail.trust-store). */
    public static final Path TRUST = DIR.resolve("trust.pem");
    public static final String RECIPIENT = "vmtest@homebound.test";

    private Postfix() {
    }

    public static void stop() throws Exception {
        if (running()) {
            run("postfix", "stop");
        }
        awaitPort(false);
    }

    public static void start() throws Exception {
        if (!running()) {
            run("postfix", "start");
        }
        awaitPort(true);
    }

    private static boolean running() throws Exception {
        Process p = new ProcessBuilder("postfix", "status").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** Makes the test server trust the MTA's real CA again, or only a CA that did not sign its certificate. */
    public static void trust(boolean theRightCa) throws IOException {
        Path tmp = DIR.resolve("trust.pem.new");
        Files.copy(DIR.resolve(theRightCa ? "ca.pem" : "other-ca.pem"), tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, TRUST, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Sets the password of the SMTP login "homebound" (Cyrus sasldb); the test server knows only the run's one. */
    public static void smtpPassword(String password) throws Exception {
        Process p = new ProcessBuilder("saslpasswd2", "-p", "-c", "-f", Files.readString(DIR.resolve("sasldb")).trim(), "-u", "homebound.test",
                "homebound").redirectErrorStream(true).start();
        p.getOutputStream().write(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("saslpasswd2: " + output);
        }
    }

    /**
     * The SMTP login Postfix recorded for the mail with this Message-ID (its smtpd log line of the
     * same queue id), or null if it came without one.
     */
    public static String smtpLoginOf(String messageId) throws IOException {
        List<String> log = Files.readAllLines(Path.of("/var/log/postfix.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
        String queueId = null;
        for (String line : log) {
            if (line.contains("message-id=" + messageId)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\]: ([0-9A-F]+): message-id=").matcher(line);
                if (m.find()) {
                    queueId = m.group(1);
                }
            }
        }
        if (queueId == null) {
            throw new AssertionError("Postfix logged no mail with Message-ID " + messageId);
        }
        for (String line : log) {
            int at = line.indexOf(queueId + ": client=");
            if (at >= 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("sasl_username=([^,\\s]+)").matcher(line.substring(at));
                return m.find() ? m.group(1) : null;
            }
        }
        throw new AssertionError("Postfix logged no client for queue id " + queueId);
    }

    /** Every delivered mail whose X-Homebound-Message header names this voice message. */
    public static List<MimeMessage> mailsFor(String voiceMessageId) throws IOException, MessagingException {
        Path maildir = Path.of(Files.readString(DIR.resolve("maildir")).trim(), "new");
        List<MimeMessage> found = new ArrayList<>();
        if (!Files.isDirectory(maildir)) {
            return found;
        }
        Session session = Session.getInstance(new Properties());
        try (Stream<Path> files = Files.list(maildir)) {
            for (Path f : files.toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    MimeMessage m = new MimeMessage(session, in);
                    String[] h = m.getHeader("X-Homebound-Message");
                    if (h != null && h[0].equals(voiceMessageId)) {
                        found.add(m);
                    }
                }
            }
        }
        return found;
    }

    /** The voice messages (X-Homebound-Message) of every mail delivered so far, one entry per mail; headers only are read. */
    public static List<String> deliveredVoiceMessages() throws IOException {
        Path maildir = Path.of(Files.readString(DIR.resolve("maildir")).trim(), "new");
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(maildir)) {
            return ids;
        }
        java.util.regex.Pattern header = java.util.regex.Pattern.compile("(?mi)^X-Homebound-Message:\\s*(\\S+)");
        try (Stream<Path> files = Files.list(maildir)) {
            for (Path f : files.toList()) {
                byte[] head = new byte[8192];
                int n;
                try (InputStream in = Files.newInputStream(f)) {
                    n = in.readNBytes(head, 0, head.length);
                }
                java.util.regex.Matcher m = header.matcher(new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    /** Waits until at least one mail for the voice message has arrived; returns all there are then. */
    public static List<MimeMessage> awaitMailsFor(String voiceMessageId, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> mails = mailsFor(voiceMessageId);
            if (!mails.isEmpty()) {
                return mails;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail for voice message " + voiceMessageId + " within " + within.toSeconds() + " s");
    }

    private static void awaitPort(boolean open) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            boolean listening;
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", 25), 200);
                listening = true;
            } catch (IOException e) {
                listening = false;
            }
            if (listening == open) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Postfix did not " + (open ? "start" : "stop") + " listening on 127.0.0.1:25");
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
