package org.homebound.telephony.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homebound.telephony.audio.AudioEncoding;

/**
 * A deliberately simple SIP user agent for tests: it writes SIP as text over UDP, so tests can
 * send exactly what a PBX (or an attacker) would, and it sends and receives G.711 RTP.
 */
public final class SipTestPhone implements Closeable {

    public record Message(String startLine, Map<String, String> headers, String body, String raw) {
        public int status() {
            return startLine.startsWith("SIP/2.0 ") ? Integer.parseInt(startLine.substring(8, 11)) : -1;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean isRequest(String method) {
            return startLine.startsWith(method + " ");
        }
    }

    private final DatagramSocket signalling;
    private final DatagramSocket media;
    private final InetSocketAddress server;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream heard = new ByteArrayOutputStream();
    private final Thread reader;
    private final Thread mediaReader;
    private volatile boolean open = true;
    private volatile int requestStatus = 200;
    /** Calls whose 200 OK this phone acknowledged: a retransmission of it is acknowledged again, not reported. */
    private final Map<String, Call> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();

    public SipTestPhone(String serverHost, int serverPort) throws IOException {
        this(serverHost, serverPort, 0);
    }

    /** A phone whose SIP port is fixed (0 for any), e.g. to receive NOTIFYs sent to a known address. */
    public SipTestPhone(String serverHost, int serverPort, int localSipPort) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.signalling = new DatagramSocket(new InetSocketAddress(loopback, localSipPort));
        this.media = new DatagramSocket(new InetSocketAddress(loopback, 0));
        this.server = new InetSocketAddress(serverHost, serverPort);
        this.reader = new Thread(this::readSignalling, "test-phone-sip");
        this.reader.setDaemon(true);
        this.reader.start();
        this.mediaReader = new Thread(this::readMedia, "test-phone-rtp");
        this.mediaReader.setDaemon(true);
        this.mediaReader.start();
    }

    public int sipPort() {
        return signalling.getLocalPort();
    }

    public int rtpPort() {
        return media.getLocalPort();
    }

    /** A dialog the phone started; keeps what it needs for ACK, BYE and CANCEL. */
    public final class Call {
        public final String callId = UUID.randomUUID() + "@test";
        final String fromTag = Long.toHexString(ThreadLocalRandom.current().nextLong());
        final String branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        final String requestUri;
        final String from;
        final String to;
        final String method;
        final AtomicInteger cseq = new AtomicInteger(1);
        volatile int inviteCseq = 1;
        volatile String lastAck;
        volatile int ackedCseq = -1;
        volatile String toTag;
        volatile InetSocketAddress serverMedia;
        /** RFC 3261 §12.1.2: in-dialog requests go to the remote Contact, through the Record-Route set. */
        volatile String remoteTarget;
        volatile List<String> routeSet = List.of();

        Call(String requestUri, String from, String to, String method) {
            this.requestUri = requestUri;
            this.from = from;
            this.to = to;
            this.method = method;
        }

        public Message awaitFinal(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Message m = await(callId, Duration.ofNanos(deadline - System.nanoTime()));
                // For INVITE, the answer to the latest one: a 200 retransmitted for an earlier re-INVITE is not it.
                if (m != null && m.status() >= 200 && m.header("cseq").endsWith(method)
                        && (!method.equals("INVITE") || m.header("cseq").startsWith(inviteCseq + " "))) {
                    toTag = tagOf(m.header("to"));
                    if (m.status() < 300) {
                        serverMedia = mediaAddressOf(m.body());
                        String contact = m.header("contact");
                        if (contact != null && contact.contains("<")) {
                            remoteTarget = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
                        }
                        String rr = m.header("record-route");
                        if (rr != null) {
                            List<String> routes = new ArrayList<>(Arrays.asList(rr.split(",\\s*")));
                            Collections.reverse(routes);
                            routeSet = routes;
                        }
                    }
                    return m;
                }
            }
            return null;
        }

        /** The next final response to an in-dialog request of this method (INFO, say); null on timeout. */
        public Message awaitResponse(String requestMethod, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Message m = await(callId, Duration.ofNanos(deadline - System.nanoTime()));
                if (m != null && m.status() >= 200 && m.header("cseq").endsWith(" " + requestMethod)) {
                    return m;
                }
            }
            return null;
        }

        /** ACK for the latest INVITE's final response (sent again for each retransmission of a 200, as phones do). */
        public void ack() throws IOException {
            String ack = inDialog("ACK", inviteCseq, branch + "a" + inviteCseq);
            lastAck = ack;
            ackedCseq = inviteCseq;
            acknowledged.put(callId, this);
            send(ack);
        }

        /** An in-dialog INVITE offering the same media in the given direction (sendonly: hold; sendrecv: resume). */
        public void reInvite(AudioEncoding encoding, String direction) throws IOException {
            inviteCseq = cseq.incrementAndGet();
            String sdp = offer(encoding).replace("a=sendrecv", "a=" + direction);
            Map<String, String> headers = new LinkedHashMap<>();
            if (!routeSet.isEmpty()) {
                headers.put("Route", String.join(", ", routeSet));
            }
            send(request(remoteTarget == null ? requestUri : remoteTarget, "INVITE", inviteCseq, "INVITE",
                    "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong()), toTag, sdp, headers));
        }

        /** An in-dialog INFO with a body, as phones signal keys without RFC 4733 (application/dtmf-relay). */
        public void info(String contentType, String body) throws IOException {
            int n = cseq.incrementAndGet();
            send(request(remoteTarget == null ? requestUri : remoteTarget, "INFO", n, "INFO",
                    "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong()), toTag, body, contentType,
                    routeSet.isEmpty() ? Map.of() : Map.of("Route", String.join(", ", routeSet))));
        }

        public void bye() throws IOException {
            send(inDialog("BYE", cseq.incrementAndGet(), "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
        }

        /** An in-dialog SUBSCRIBE: a refresh, or with expires 0 the end of the subscription. */
        public void subscribeAgain(int expires) throws IOException {
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("Event", "message-summary");
            extra.put("Expires", String.valueOf(expires));
            send(inDialog("SUBSCRIBE", cseq.incrementAndGet(), "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong()), extra));
        }

        private String inDialog(String method, int cseq, String viaBranch) {
            return inDialog(method, cseq, viaBranch, Map.of());
        }

        private String inDialog(String method, int cseq, String viaBranch, Map<String, String> extra) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (!routeSet.isEmpty()) {
                headers.put("Route", String.join(", ", routeSet));
            }
            headers.putAll(extra);
            return request(remoteTarget == null ? requestUri : remoteTarget, method, cseq, method, viaBranch, toTag, null, headers);
        }

        public void cancel() throws IOException {
            send(request("CANCEL", 1, "CANCEL", branch, null, null, Map.of()));
        }

        public InetSocketAddress serverMedia() {
            return serverMedia;
        }

        String request(String method, int cseq, String cseqMethod, String viaBranch, String tag, String sdp, Map<String, String> extra) {
            return request(requestUri, method, cseq, cseqMethod, viaBranch, tag, sdp, extra);
        }

        String request(String target, String method, int cseq, String cseqMethod, String viaBranch, String tag, String sdp,
                       Map<String, String> extra) {
            return request(target, method, cseq, cseqMethod, viaBranch, tag, sdp, sdp == null ? null : "application/sdp", extra);
        }

        String request(String target, String method, int cseq, String cseqMethod, String viaBranch, String tag, String content,
                       String contentType, Map<String, String> extra) {
            String sdp = content;
            StringBuilder b = new StringBuilder();
            b.append(method).append(' ').append(target).append(" SIP/2.0\r\n");
            b.append("Via: SIP/2.0/UDP 127.0.0.1:").append(sipPort()).append(";branch=").append(viaBranch).append(";rport\r\n");
            b.append("Max-Forwards: 70\r\n");
            b.append("From: <").append(from).append(">;tag=").append(fromTag).append("\r\n");
            b.append("To: <").append(to).append('>').append(tag == null ? "" : ";tag=" + tag).append("\r\n");
            b.append("Call-ID: ").append(callId).append("\r\n");
            b.append("CSeq: ").append(cseq).append(' ').append(cseqMethod).append("\r\n");
            b.append("Contact: <sip:test@127.0.0.1:").append(sipPort()).append(">\r\n");
            extra.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
            if (sdp != null) {
                b.append("Content-Type: ").append(contentType).append("\r\n");
            }
            byte[] body = sdp == null ? new byte[0] : sdp.getBytes(StandardCharsets.UTF_8);
            b.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            if (sdp != null) {
                b.append(sdp);
            }
            return b.toString();
        }
    }

    /** Sends an INVITE offering PCMU (or the given encoding) on this phone's RTP port. */
    public Call invite(String requestUri, String from, String to, Map<String, String> extraHeaders, AudioEncoding encoding) throws IOException {
        Call call = new Call(requestUri, from, to, "INVITE");
        send(call.request("INVITE", 1, "INVITE", call.branch, null, offer(encoding), new LinkedHashMap<>(extraHeaders)));
        return call;
    }

    /** Sends an out-of-dialog OPTIONS, as a PBX does to check that a trunk is alive. */
    public Call options(String requestUri) throws IOException {
        Call call = new Call(requestUri, "sip:pbx@127.0.0.1", requestUri, "OPTIONS");
        send(call.request("OPTIONS", 1, "OPTIONS", call.branch, null, null, Map.of()));
        return call;
    }

    /** Sends an out-of-dialog SUBSCRIBE (RFC 3842 message-summary unless the headers say otherwise). */
    public Call subscribe(String requestUri, String from, Map<String, String> extraHeaders) throws IOException {
        Call call = new Call(requestUri, from, requestUri, "SUBSCRIBE");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Event", "message-summary");
        headers.put("Accept", "application/simple-message-summary");
        headers.putAll(extraHeaders);
        send(call.request("SUBSCRIBE", 1, "SUBSCRIBE", call.branch, null, null, headers));
        return call;
    }

    /** The status this phone answers requests from the server with (NOTIFY, BYE): 200 unless a test says otherwise. */
    public void answerRequestsWith(int status) {
        requestStatus = status;
    }

    /** Sends an INVITE with a body of the caller's choosing (for malformed SDP). */
    public Call inviteWithBody(String requestUri, String from, String to, String sdp) throws IOException {
        Call call = new Call(requestUri, from, to, "INVITE");
        send(call.request("INVITE", 1, "INVITE", call.branch, null, sdp, Map.of()));
        return call;
    }

    public String offer(AudioEncoding encoding) {
        int pt = encoding.payloadType();
        return "v=0\r\no=test 1 1 IN IP4 127.0.0.1\r\ns=test\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort() + " RTP/AVP " + pt + " 101\r\n"
                + "a=rtpmap:" + pt + " " + encoding.name() + "/8000\r\na=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] datagram) throws IOException {
        signalling.send(new DatagramPacket(datagram, datagram.length, server));
    }

    /** Next message for this Call-ID (null: any), or null on timeout. Requests are answered 200 (BYE from the server). */
    public Message await(String callId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Message m = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                return null;
            }
            if (callId == null || callId.equals(m.header("call-id"))) {
                return m;
            }
        }
    }

    /** Plays 16-bit PCM to the server as RTP, 20 ms per packet, in real time. */
    public void sendAudio(InetSocketAddress to, AudioEncoding encoding, short[] pcm) throws IOException, InterruptedException {
        sendAudio(to, encoding, pcm, 0x12345678);
    }

    /** The same with a given SSRC: a phone starts a new stream (after hold, say) with a new one. */
    public void sendAudio(InetSocketAddress to, AudioEncoding encoding, short[] pcm, int ssrc) throws IOException, InterruptedException {
        int seq = ThreadLocalRandom.current().nextInt(65536);
        long ts = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
        long next = System.nanoTime();
        for (int off = 0; off < pcm.length; off += 160) {
            byte[] packet = new byte[12 + 160];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) encoding.payloadType();
            packet[2] = (byte) (seq >> 8);
            packet[3] = (byte) seq;
            for (int i = 0; i < 4; i++) {
                packet[4 + i] = (byte) (ts >> (24 - 8 * i));
                packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
            }
            for (int i = 0; i < 160; i++) {
                packet[12 + i] = off + i < pcm.length ? encoding.encode(pcm[off + i]) : encoding.silence();
            }
            media.send(new DatagramPacket(packet, packet.length, to));
            seq = (seq + 1) & 0xFFFF;
            ts = (ts + 160) & 0xFFFFFFFFL;
            next += 20_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
            }
        }
    }

    /**
     * Presses a key as RFC 4733 telephone-events (payload type 101): a 100 ms event, three packets
     * during it and the end packet three times, all with the event's start timestamp.
     */
    public void sendKey(InetSocketAddress to, char key) throws IOException, InterruptedException {
        int event = "0123456789*#ABCD".indexOf(key);
        if (event < 0) {
            throw new IllegalArgumentException("no key " + key);
        }
        int seq = ThreadLocalRandom.current().nextInt(65536);
        long ts = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
        for (int i = 0; i < 8; i++) {
            boolean end = i >= 5;
            int duration = Math.min(i + 1, 5) * 160;
            byte[] packet = new byte[12 + 4];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) ((i == 0 ? 0x80 : 0) | 101);
            packet[2] = (byte) (seq >> 8);
            packet[3] = (byte) seq;
            for (int b = 0; b < 4; b++) {
                packet[4 + b] = (byte) (ts >> (24 - 8 * b));
                packet[8 + b] = (byte) (0x12345678 >> (24 - 8 * b));
            }
            packet[12] = (byte) event;
            packet[13] = (byte) ((end ? 0x80 : 0) | 10); // E bit, volume -10 dBm0
            packet[14] = (byte) (duration >> 8);
            packet[15] = (byte) duration;
            media.send(new DatagramPacket(packet, packet.length, to));
            seq = (seq + 1) & 0xFFFF;
            if (i < 5) {
                Thread.sleep(20);
            }
        }
    }

    /** The G.711 payload bytes this phone has received so far (what the caller heard). */
    public synchronized byte[] heard() {
        return heard.toByteArray();
    }

    private void readMedia() {
        byte[] buf = new byte[2048];
        while (open) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                media.receive(p);
                if (p.getLength() > 12) {
                    synchronized (this) {
                        heard.write(buf, 12, p.getLength() - 12);
                    }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readSignalling() {
        byte[] buf = new byte[65536];
        while (open) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                signalling.setSoTimeout(200);
                signalling.receive(p);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            Message m = parse(new String(buf, 0, p.getLength(), StandardCharsets.UTF_8));
            if (m == null) {
                continue;
            }
            if (m.status() < 0 && !m.isRequest("ACK")) {
                answer(m);
            }
            if (retransmittedOk(m)) {
                continue;
            }
            inbox.add(m);
        }
    }

    /** RFC 3261 13.2.2.4: a 2xx to an INVITE already acknowledged means the ACK was lost - send it again. */
    private boolean retransmittedOk(Message m) {
        if (m.status() < 200 || m.status() >= 300 || m.header("cseq") == null || !m.header("cseq").endsWith("INVITE")) {
            return false;
        }
        Call c = acknowledged.get(m.header("call-id"));
        if (c == null || c.lastAck == null || !m.header("cseq").startsWith(c.ackedCseq + " ")) {
            return false;
        }
        try {
            send(c.lastAck);
        } catch (IOException e) {
            // the next retransmission tries again
        }
        return true;
    }

    private void answer(Message request) {
        int status = requestStatus;
        StringBuilder b = new StringBuilder("SIP/2.0 " + status + (status == 200 ? " OK" : " Test Says No") + "\r\n");
        for (String h : new String[] {"via", "from", "to", "call-id", "cseq"}) {
            String v = request.header(h);
            if (v != null) {
                b.append(h).append(": ").append(v).append("\r\n");
            }
        }
        b.append("Content-Length: 0\r\n\r\n");
        try {
            send(b.toString());
        } catch (IOException ignored) {
            // the test will notice
        }
    }

    static Message parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            return null;
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        return new Message(lines[0], headers, raw.substring(end + 4), raw);
    }

    static String tagOf(String header) {
        Matcher m = Pattern.compile(";tag=([^;>\\s]+)").matcher(header == null ? "" : header);
        return m.find() ? m.group(1) : null;
    }

    static InetSocketAddress mediaAddressOf(String sdp) {
        Matcher c = Pattern.compile("c=IN IP4 ([0-9.]+)").matcher(sdp);
        Matcher m = Pattern.compile("m=audio (\\d+)").matcher(sdp);
        return c.find() && m.find() ? new InetSocketAddress(c.group(1), Integer.parseInt(m.group(1))) : null;
    }

    @Override
    public void close() {
        open = false;
        signalling.close();
        media.close();
    }

    /** A tone, as a stand-in for speech where the content does not matter. */
    public static short[] tone(double hz, Duration length, int amplitude) {
        int n = (int) (length.toMillis() * 8);
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) (amplitude * Math.sin(2 * Math.PI * hz * i / 8000.0));
        }
        return pcm;
    }

    /** Root-mean-square level of G.711 audio, decoded. */
    public static double rms(AudioEncoding encoding, byte[] codes) {
        if (codes.length == 0) {
            return 0;
        }
        double sum = 0;
        for (byte c : codes) {
            double s = encoding.decode(c);
            sum += s * s;
        }
        return Math.sqrt(sum / codes.length);
    }
}
