import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.audio.Wav;

/**
 * Leaves a demo voice message in a mailbox the way a PBX would: a real SIP call (UDP, G.711 µ-law)
 * into the site's trunk, diverted for the mailbox with a Diversion header, that waits for the
 * greeting and the tone, speaks a recorded message and hangs up. With --create, the mailbox is
 * created first through the admin API if it does not exist (its PIN is made up and printed).
 * Run by {@code homebound-site demo}; Java's source launcher runs it with the built telephony API
 * (WAV and G.711 from {@code org.homebound.telephony.audio}) on its class path.
 *
 *   java --class-path telephony-api.jar DemoCall.java --sip HOST:PORT --to EXT [--from NUMBER] --wav FILE [--api URL --admin-password-file FILE --create NAME]
 */
public final class DemoCall {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String to = o.getOrDefault("to", "2001");
        String from = o.getOrDefault("from", "3001");
        if (o.containsKey("create")) {
            createMailbox(o.get("api"), Files.readString(Path.of(o.get("admin-password-file"))).trim(), to, o.get("create"),
                    o.get("pin-file"));
        }
        String[] hostPort = o.getOrDefault("sip", "127.0.0.1:5080").split(":");
        byte[] speech = AudioEncoding.PCMU.encode(Wav.decode(Files.readAllBytes(Path.of(o.get("wav")))));
        new DemoCall(InetAddress.getByName(hostPort[0]), Integer.parseInt(hostPort[1])).call(to, from, speech);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    /** Creates the mailbox with a made-up PIN unless it exists; the PIN is printed and kept in pinFile (owner-only). */
    static void createMailbox(String api, String adminPassword, String extension, String name, String pinFile) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> existing = http.send(HttpRequest.newBuilder(URI.create(api + "/admin/mailboxes/" + extension))
                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (existing.statusCode() == 200) {
            System.out.println("Mailbox " + extension + " exists; its owner logs in with their PIN"
                    + (pinFile != null && Files.exists(Path.of(pinFile)) ? " (the demo's is in " + pinFile + ")" : "") + ".");
            return;
        }
        if (existing.statusCode() != 404) {
            throw new IllegalStateException("the admin API answered " + existing.statusCode() + ": " + existing.body());
        }
        String pin = String.format("%06d", RANDOM.nextInt(1_000_000));
        while (pin.chars().distinct().count() < 3) {
            pin = String.format("%06d", RANDOM.nextInt(1_000_000));
        }
        String json = "{\"extension\":\"" + extension + "\",\"name\":\"" + name.replace("\"", "") + "\",\"pin\":\"" + pin + "\"}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api + "/admin/mailboxes")).header("Authorization", auth)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating mailbox " + extension + " failed: " + created.statusCode() + " " + created.body());
        }
        if (pinFile != null) {
            Path file = Path.of(pinFile);
            Files.writeString(file, pin + "\n");
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
        System.out.println("Created mailbox " + extension + " (" + name + "), PIN " + pin);
    }

    private final InetSocketAddress trunk;
    private final DatagramSocket sip;
    private final DatagramSocket rtp;
    private final String local;

    DemoCall(InetAddress host, int port) throws IOException {
        this.trunk = new InetSocketAddress(host, port);
        this.local = host.isLoopbackAddress() ? host.getHostAddress() : InetAddress.getLocalHost().getHostAddress();
        this.sip = new DatagramSocket(new InetSocketAddress(local, 0));
        this.rtp = new DatagramSocket(new InetSocketAddress(local, 0));
    }

    void call(String to, String from, byte[] speech) throws Exception {
        String callId = UUID.randomUUID() + "@homebound-demo";
        String tag = Long.toHexString(RANDOM.nextLong());
        String sdp = "v=0\r\no=demo 1 1 IN IP4 " + local + "\r\ns=Homebound demo call\r\nc=IN IP4 " + local + "\r\nt=0 0\r\n"
                + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
        String uri = "sip:8000@" + trunk.getHostString() + ":" + trunk.getPort();
        String invite = request("INVITE", uri, callId, 1, tag, null, to, from, "Diversion: <sip:" + to + "@" + local + ">;reason=no-answer;counter=1\r\n"
                + "Content-Type: application/sdp\r\n", sdp);
        System.out.println("Calling voicemail at " + uri + " for mailbox " + to + " from " + from + "...");
        String ok = transact(invite, "INVITE", Duration.ofSeconds(30));
        int status = status(ok);
        String toHeader = header(ok, "To");
        if (status >= 300) {
            send(request("ACK", uri, callId, 1, tag, toHeader, to, from, "", ""));
            throw new IllegalStateException("voicemail refused the call: " + ok.lines().findFirst().orElse("")
                    + (status == 404 ? " (no mailbox " + to + " at this site)" : ""));
        }
        String contact = header(ok, "Contact");
        String target = contact == null ? uri : contact.replaceAll(".*<([^>]+)>.*", "$1");
        send(request("ACK", target, callId, 1, tag, toHeader, to, from, "", ""));
        InetSocketAddress media = mediaOf(ok.substring(ok.indexOf("\r\n\r\n") + 4));
        System.out.println("Answered; waiting for the greeting and the tone...");
        awaitEndOfGreeting();
        System.out.printf("Speaking a %.1f s message...%n", speech.length / 8000.0);
        speak(media, speech);
        String bye = transact(request("BYE", target, callId, 2, tag, toHeader, to, from, "", ""), "BYE", Duration.ofSeconds(10));
        System.out.println("Hung up (" + bye.lines().findFirst().orElse("") + "). The message is in mailbox " + to + ".");
        sip.close();
        rtp.close();
    }

    private String request(String method, String uri, String callId, int cseq, String tag, String toHeader, String to, String from,
                           String extra, String body) {
        return method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ":" + sip.getLocalPort() + ";branch=z9hG4bK" + Long.toHexString(RANDOM.nextLong()) + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Homebound demo\" <sip:" + from + "@" + local + ">;tag=" + tag + "\r\n"
                + "To: " + (toHeader != null ? toHeader : "<sip:" + to + "@" + local + ">") + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:" + from + "@" + local + ":" + sip.getLocalPort() + ">\r\n"
                + "User-Agent: Homebound demo caller\r\n"
                + extra
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        sip.send(new DatagramPacket(bytes, bytes.length, trunk));
    }

    /** Sends a request (again every 500 ms until something answers) and returns its final response. */
    private String transact(String request, String method, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean answered = false;
        long resendAt = 0;
        byte[] buffer = new byte[8192];
        while (System.nanoTime() < deadline) {
            if (!answered && System.nanoTime() >= resendAt) {
                send(request);
                resendAt = System.nanoTime() + Duration.ofMillis(500).toNanos();
            }
            sip.setSoTimeout(100);
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                sip.receive(p);
            } catch (SocketTimeoutException nothingYet) {
                continue;
            }
            String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            if (!m.startsWith("SIP/2.0 ") || !m.contains(" " + method + "\r\n")) {
                continue; // a request from the server (e.g. a re-INVITE) or another transaction's answer
            }
            answered = true;
            if (status(m) >= 200) {
                return m;
            }
        }
        throw new IllegalStateException("no final answer to " + method + " from " + trunk + " within " + timeout.toSeconds() + " s");
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(8, 11));
    }

    private static String header(String message, String name) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static InetSocketAddress mediaOf(String sdp) {
        String host = null;
        int port = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=IN IP4 ")) {
                host = line.substring(9).trim();
            } else if (line.startsWith("m=audio ")) {
                port = Integer.parseInt(line.split(" ")[1]);
            }
        }
        if (host == null || port <= 0) {
            throw new IllegalStateException("the answer has no audio address: " + sdp);
        }
        return new InetSocketAddress(host, port);
    }

    /** The greeting and its tone arrive as RTP; the recording begins when they stop. */
    private void awaitEndOfGreeting() throws IOException {
        byte[] buffer = new byte[2048];
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        boolean heard = false;
        rtp.setSoTimeout(5000);
        while (System.nanoTime() < deadline) {
            try {
                rtp.receive(new DatagramPacket(buffer, buffer.length));
                heard = true;
                rtp.setSoTimeout(400);
            } catch (SocketTimeoutException quiet) {
                if (heard) {
                    return;
                }
            }
        }
        if (!heard) {
            System.out.println("(no greeting heard; speaking anyway)");
        }
    }

    /** The speech as 20 ms RTP packets, paced by the clock, then a second of silence so the end is kept. */
    private void speak(InetSocketAddress media, byte[] speech) throws IOException, InterruptedException {
        byte[] padded = new byte[speech.length + 8000];
        System.arraycopy(speech, 0, padded, 0, speech.length);
        java.util.Arrays.fill(padded, speech.length, padded.length, AudioEncoding.PCMU.silence());
        int ssrc = RANDOM.nextInt();
        int sequence = RANDOM.nextInt(0x10000);
        long timestamp = RANDOM.nextInt() & 0xFFFFFFFFL;
        long start = System.nanoTime();
        for (int offset = 0, n = 0; offset < padded.length; offset += 160, n++) {
            int len = Math.min(160, padded.length - offset);
            ByteBuffer packet = ByteBuffer.allocate(12 + len);
            packet.put((byte) 0x80).put((byte) (n == 0 ? 0x80 : 0x00)).putShort((short) (sequence + n))
                    .putInt((int) (timestamp + 160L * n)).putInt(ssrc).put(padded, offset, len);
            rtp.send(new DatagramPacket(packet.array(), packet.position(), media));
            long due = start + (n + 1) * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }
}
