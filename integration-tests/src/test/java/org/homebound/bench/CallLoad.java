package org.homebound.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homebound.telephony.audio.AudioEncoding;

/**
 * A lean load generator for the capacity benchmark: many simultaneous callers leaving messages
 * at a SIP trunk, on three threads however many calls there are. One UDP socket carries all
 * signalling (calls told apart by Call-ID); each call has its own RTP socket, because its SDP must
 * name a port; one thread sends every active call's next 20 ms packet on a fixed 20 ms tick (by
 * RTP timestamp, never bunching up), and one thread with a selector reads SIP and drains the
 * greetings the server plays. A caller waits until it has heard the whole greeting and tone (counted
 * in audio received, as a person waits for the beep), speaks a 440 Hz tone for the talk time, and
 * hangs up.
 */
final class CallLoad implements AutoCloseable {

    private static final Pattern CALL_ID = Pattern.compile("(?mi)^Call-ID:\\s*(\\S+)");
    private static final Pattern CSEQ = Pattern.compile("(?mi)^CSeq:\\s*\\d+\\s+(\\S+)");
    private static final Pattern TO_TAG = Pattern.compile("(?mi)^To:.*;tag=([^;>\\s]+)");
    private static final Pattern MEDIA_PORT = Pattern.compile("m=audio (\\d+)");

    /** One caller. Times are System.nanoTime(). */
    static final class Call {
        final int index;
        final String callId;
        final String caller;
        final String extension;
        final DatagramChannel rtp;
        final long greetingNanos;
        final int talkPackets;
        volatile long invitedAt;
        volatile long answeredAt;
        volatile int status;
        volatile String toTag;
        volatile InetSocketAddress serverMedia;
        volatile long speakFrom = Long.MAX_VALUE;
        volatile boolean byeSent;
        volatile long byeAnsweredAt;
        volatile long greetingHeardAt;
        int sent;
        final int ssrc = ThreadLocalRandom.current().nextInt();
        int sequence = ThreadLocalRandom.current().nextInt(65536);
        long timestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;
        volatile long greetingBytes;
        /** ACKs sent again for a retransmitted 200 OK (the first was lost). */
        volatile int reAcks;

        Call(int index, String extension, long greetingNanos, int talkPackets) throws IOException {
            this.index = index;
            this.callId = "load-" + index + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@127.0.0.1";
            this.caller = Integer.toString(700_000 + index);
            this.extension = extension;
            this.greetingNanos = greetingNanos;
            this.talkPackets = talkPackets;
            this.rtp = DatagramChannel.open();
            rtp.bind(new InetSocketAddress("127.0.0.1", 0));
            rtp.configureBlocking(false);
        }

        int rtpPort() {
            return ((InetSocketAddress) rtp.socket().getLocalSocketAddress()).getPort();
        }

        boolean done() {
            return byeAnsweredAt != 0 || (status >= 300);
        }
    }

    private final InetSocketAddress trunk;
    private final DatagramChannel sip;
    private final Selector selector;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();
    private final List<Call> all = new ArrayList<>();
    private final ScheduledExecutorService media = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "load-media"));
    private final Thread reader;
    private final byte[] tone = AudioEncoding.PCMU.encode(toneSamples());
    private volatile boolean open = true;

    CallLoad(int trunkPort) throws IOException {
        this.trunk = new InetSocketAddress("127.0.0.1", trunkPort);
        this.sip = DatagramChannel.open();
        sip.bind(new InetSocketAddress("127.0.0.1", 0));
        sip.configureBlocking(false);
        this.selector = Selector.open();
        sip.register(selector, SelectionKey.OP_READ);
        this.reader = new Thread(this::read, "load-reader");
        reader.setDaemon(true);
        reader.start();
        media.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Starts a call now: INVITE with an SDP offer of PCMU on the call's own RTP port. */
    Call start(int index, String extension, long greetingNanos, int talkPackets) throws IOException {
        Call c = new Call(index, extension, greetingNanos, talkPackets);
        synchronized (selector) {
            selector.wakeup();
            c.rtp.register(selector, SelectionKey.OP_READ, c);
        }
        calls.put(c.callId, c);
        synchronized (all) {
            all.add(c);
        }
        String sdp = "v=0\r\no=load " + index + " 1 IN IP4 127.0.0.1\r\ns=load\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + c.rtpPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
        c.invitedAt = System.nanoTime();
        send(request(c, "INVITE", 1, null, sdp, "Diversion: <sip:" + extension + "@127.0.0.1>;reason=no-answer\r\n"));
        return c;
    }

    List<Call> calls() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    private String request(Call c, String method, int cseq, String toTag, String sdp, String extra) {
        String uri = method.equals("INVITE") ? "sip:8000@127.0.0.1:" + trunk.getPort() : "sip:voicemail@127.0.0.1:" + trunk.getPort();
        int local = ((InetSocketAddress) sip.socket().getLocalSocketAddress()).getPort();
        String body = sdp == null ? "" : sdp;
        return method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + local + ";branch=z9hG4bK" + method.charAt(0) + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + c.caller + "@127.0.0.1>;tag=t" + c.index + "\r\n"
                + "To: <sip:" + c.extension + "@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + c.callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:" + c.caller + "@127.0.0.1:" + local + ">\r\n"
                + extra
                + (sdp == null ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private void send(String message) throws IOException {
        synchronized (sip) {
            sip.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.US_ASCII)), trunk);
        }
    }

    /** Every 20 ms: each speaking call's next packet; calls done speaking hang up. */
    private void tick() {
        long now = System.nanoTime();
        for (Call c : calls()) {
            boolean heardItAll = c.greetingBytes >= c.greetingNanos / 125_000L;
            boolean waitedLongEnough = c.answeredAt > 0 && now - c.answeredAt > c.greetingNanos + 2_000_000_000L; // some of it was lost
            if (c.speakFrom == Long.MAX_VALUE && c.serverMedia != null && (heardItAll || waitedLongEnough)) {
                c.speakFrom = now; // G.711: one byte per 125 µs sample; the whole greeting has been heard
                c.greetingHeardAt = now;
            }
            if (c.byeSent || now < c.speakFrom || c.serverMedia == null) {
                continue;
            }
            try {
                if (c.sent < c.talkPackets) {
                    ByteBuffer packet = ByteBuffer.allocate(172);
                    packet.put((byte) 0x80).put((byte) 0).putShort((short) c.sequence).putInt((int) c.timestamp).putInt(c.ssrc);
                    int offset = (c.sent * 160) % (tone.length - 160);
                    packet.put(tone, offset, 160).flip();
                    c.rtp.send(packet, c.serverMedia);
                    c.sequence = (c.sequence + 1) & 0xFFFF;
                    c.timestamp = (c.timestamp + 160) & 0xFFFFFFFFL;
                    c.sent++;
                } else {
                    c.byeSent = true;
                    send(request(c, "BYE", 2, c.toTag, null, ""));
                }
            } catch (IOException e) {
                throw new IllegalStateException("call " + c.index + ": " + e.getMessage(), e);
            }
        }
    }

    private void read() {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (open) {
            try {
                selector.select(100);
                synchronized (selector) {
                    // a call being registered waits here
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    buffer.clear();
                    if (key.attachment() instanceof Call c) {
                        while (c.rtp.receive(buffer) != null) {
                            c.greetingBytes += Math.max(0, buffer.position() - 12);
                            buffer.clear();
                        }
                    } else {
                        while (sip.receive(buffer) != null) {
                            buffer.flip();
                            onSip(StandardCharsets.US_ASCII.decode(buffer).toString(), System.nanoTime());
                            buffer.clear();
                        }
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (open) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void onSip(String message, long at) throws IOException {
        Call c = calls.get(group(CALL_ID, message));
        if (c == null) {
            return;
        }
        if (message.startsWith("SIP/2.0 ")) {
            int status = Integer.parseInt(message.substring(8, 11));
            String method = group(CSEQ, message);
            if ("INVITE".equals(method) && status == 200 && c.status == 200) {
                // RFC 3261 13.2.2.4: every 2xx is acknowledged; a retransmitted 200 means our ACK was lost.
                c.reAcks++;
                send(request(c, "ACK", 1, c.toTag, null, ""));
            } else if ("INVITE".equals(method) && status >= 200 && c.status < 200) {
                c.status = status;
                c.answeredAt = at;
                c.toTag = group(TO_TAG, message);
                if (status == 200) {
                    Matcher port = MEDIA_PORT.matcher(message);
                    if (port.find()) {
                        c.serverMedia = new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)));
                    }
                    send(request(c, "ACK", 1, c.toTag, null, ""));
                }
            } else if ("BYE".equals(method) && status >= 200) {
                c.byeAnsweredAt = at;
            }
        } else if (message.startsWith("BYE ")) { // the server hung up (silence, maximum length)
            c.byeSent = true;
            c.byeAnsweredAt = at;
        }
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static short[] toneSamples() {
        short[] pcm = new short[8000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return pcm;
    }

    @Override
    public void close() throws IOException {
        open = false;
        media.shutdownNow();
        for (Call c : calls()) {
            c.rtp.close();
        }
        sip.close();
        selector.close();
    }
}
