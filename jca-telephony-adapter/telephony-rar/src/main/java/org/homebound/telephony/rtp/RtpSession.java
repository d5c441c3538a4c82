package org.homebound.telephony.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import org.homebound.telephony.adapter.LongRunning;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.audio.AudioEncoding;
import org.jboss.logging.Logger;

/**
 * The media side of one voicemail call: plays the prompt as 20 ms RTP packets, then records the
 * caller until {@link #stop} (BYE), the maximum length, the caller saying nothing for the silence
 * timeout, or no media at all for the media timeout (caller gone without BYE: what was said is
 * kept). Trailing silence is trimmed. Only the caller's media is recorded: a packet from the
 * address the SDP offered always wins; until one arrives, the first source with the offered IP
 * address is taken (symmetric RTP); anything else is ignored. Runs as one long-running
 * {@link Work}; {@link #release()} ends it at once by closing the socket.
 */
public final class RtpSession implements Work, WorkContextProvider {

    private static final Logger LOG = Logger.getLogger(RtpSession.class);
    private static final int SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz
    private static final long PACKET_NANOS = 20_000_000L;
    /** Kept after the last word when trailing silence is trimmed: 300 ms, a natural pause. */
    private static final int TAIL_SAMPLES = 2400;
    /**
     * The maximum length is cut exactly by recorded audio (the recorder is full); the clock only
     * ends a recording whose audio came this much later than it could have (network or CPU delay
     * must not shorten what the caller may say).
     */
    private static final long DEADLINE_GRACE_NANOS = 2_000_000_000L;

    /** Called once, on the media thread, when the session is over. */
    public interface Listener {
        void finished(RtpSession session, byte[] recording, RecordingEnd end, MediaStatistics statistics, Instant recordingStartedAt);
    }

    private final String callId;
    private final DatagramSocket socket;
    private final AudioEncoding encoding;
    private final int payloadType;
    private final byte[] prompt;
    private final Duration maximumLength;
    private final Duration mediaTimeout;
    private final Duration silenceTimeout;
    /** Where the caller's SDP says its media comes from; a re-INVITE may move it. */
    private volatile InetSocketAddress offered;
    /**
     * The caller put the call on hold (re-INVITE sendonly/inactive): silence, no media or music on
     * hold are expected, and none of it is recorded.
     */
    private volatile boolean held;
    private final Listener listener;
    private final AtomicReference<RecordingEnd> stopReason = new AtomicReference<>();
    private volatile InetSocketAddress remote;

    public RtpSession(String callId, DatagramSocket socket, InetSocketAddress remote, AudioEncoding encoding,
                      int payloadType, byte[] encodedPrompt, Duration maximumLength, Duration mediaTimeout,
                      Duration silenceTimeout, Listener listener) {
        this.callId = callId;
        this.socket = socket;
        this.remote = remote;
        this.offered = remote;
        this.silenceTimeout = silenceTimeout;
        this.encoding = encoding;
        this.payloadType = payloadType;
        this.prompt = encodedPrompt;
        this.maximumLength = maximumLength;
        this.mediaTimeout = mediaTimeout;
        this.listener = listener;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /**
     * A re-INVITE changed the session: where the caller's media now comes from, and whether the
     * caller holds the call (no media expected: neither the silence nor the media timeout runs).
     */
    public void update(InetSocketAddress callerMedia, boolean onHold) {
        this.held = onHold;
        if (!callerMedia.equals(offered)) {
            this.offered = callerMedia;
            this.remote = callerMedia;
        }
    }

    /** Ends the session; the recording so far is kept. Safe to call from any thread, more than once. */
    public void stop(RecordingEnd reason) {
        if (stopReason.compareAndSet(null, reason)) {
            socket.close(); // wakes the blocked receive
        }
    }

    @Override
    public void release() {
        stop(RecordingEnd.ADAPTER_STOPPED);
    }

    @Override
    public List<WorkContext> getWorkContexts() {
        return LongRunning.hints("rtp " + callId);
    }

    @Override
    public void run() {
        int maxSamples = (int) Math.min(Integer.MAX_VALUE, maximumLength.toMillis() * 8);
        RtpRecorder recorder = new RtpRecorder(encoding.silence(), maxSamples, 50);
        Instant recordingStartedAt = prompt.length == 0 ? Instant.now() : null;
        byte[] out = new byte[RtpPacket.HEADER + SAMPLES_PER_PACKET];
        byte[] in = new byte[2048];
        DatagramPacket received = new DatagramPacket(in, in.length);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int sequence = random.nextInt(1 << 16);
        long timestamp = random.nextInt() & 0xFFFFFFFFL;
        long ssrc = random.nextInt() & 0xFFFFFFFFL;
        InetSocketAddress latched = null;
        boolean latchedToOffer = false;
        long latchedSsrc = -1;
        int promptPosition = 0;
        long nextSend = System.nanoTime();
        long lastMedia = System.nanoTime();
        long lastVoice = System.nanoTime();
        long recordingDeadline = recordingStartedAt == null ? Long.MAX_VALUE
                : System.nanoTime() + maximumLength.toNanos() + DEADLINE_GRACE_NANOS;
        try {
            while (stopReason.get() == null) {
                long now = System.nanoTime();
                if (promptPosition < prompt.length && now >= nextSend) {
                    int n = Math.min(SAMPLES_PER_PACKET, prompt.length - promptPosition);
                    RtpPacket.writeHeader(out, payloadType, promptPosition == 0, sequence, timestamp, ssrc);
                    System.arraycopy(prompt, promptPosition, out, RtpPacket.HEADER, n);
                    Arrays.fill(out, RtpPacket.HEADER + n, out.length, encoding.silence());
                    socket.send(new DatagramPacket(out, out.length, remote));
                    sequence = (sequence + 1) & 0xFFFF;
                    timestamp = (timestamp + SAMPLES_PER_PACKET) & 0xFFFFFFFFL;
                    promptPosition += n;
                    nextSend += PACKET_NANOS;
                    if (promptPosition >= prompt.length) {
                        recordingStartedAt = Instant.now();
                        recordingDeadline = System.nanoTime() + maximumLength.toNanos() + DEADLINE_GRACE_NANOS;
                        lastMedia = System.nanoTime();
                        lastVoice = lastMedia;
                    }
                    continue;
                }
                if (held) {
                    lastMedia = now; // on hold: quiet is expected, the timeouts start again on resume
                    lastVoice = now;
                }
                if (recordingStartedAt != null && now >= recordingDeadline) {
                    stopReason.compareAndSet(null, RecordingEnd.MAXIMUM_LENGTH);
                    break;
                }
                if (recordingStartedAt != null && now - lastMedia > mediaTimeout.toNanos()) {
                    stopReason.compareAndSet(null, RecordingEnd.MEDIA_TIMEOUT);
                    break;
                }
                if (recordingStartedAt != null && !silenceTimeout.isZero() && now - lastVoice > silenceTimeout.toNanos()) {
                    stopReason.compareAndSet(null, RecordingEnd.SILENCE);
                    break;
                }
                long waitMillis = promptPosition < prompt.length
                        ? Math.max(1, (nextSend - now) / 1_000_000L)
                        : Math.max(1, Math.min(200, (recordingDeadline - now) / 1_000_000L));
                socket.setSoTimeout((int) waitMillis);
                try {
                    received.setLength(in.length);
                    socket.receive(received);
                } catch (SocketTimeoutException idle) {
                    continue;
                }
                RtpPacket packet = RtpPacket.parse(in, received.getLength());
                if (packet == null || packet.payloadType() != payloadType) {
                    continue; // RTCP muxed, telephone-events, comfort noise, garbage
                }
                InetSocketAddress source = (InetSocketAddress) received.getSocketAddress();
                InetSocketAddress offer = offered;
                boolean fromOffer = source.equals(offer);
                if (latched == null || (fromOffer && !latched.equals(offer))) {
                    if (!fromOffer && !source.getAddress().equals(offer.getAddress())) {
                        continue; // not where the caller said its media comes from
                    }
                    if (latched != null && !latchedToOffer) {
                        // The offered address speaks after all: what came from the stand-in was not the caller.
                        recorder = new RtpRecorder(encoding.silence(), maxSamples, 50);
                    } else if (latched != null) {
                        recorder.newStream(); // the caller's media moved (re-INVITE): carry on where it was
                    }
                    // Symmetric RTP: answer where the caller's media really comes from (a port rewritten by NAT).
                    latched = source;
                    latchedToOffer = fromOffer;
                    latchedSsrc = packet.ssrc();
                    remote = source;
                } else if (!latched.equals(source)) {
                    continue; // another source: not this call's caller
                } else if (packet.ssrc() != latchedSsrc) {
                    recorder.newStream(); // the caller's phone restarted its stream (after hold, say)
                    latchedSsrc = packet.ssrc();
                }
                if (recordingStartedAt == null || held) {
                    continue; // the caller speaks over the greeting, or music on hold: not part of the message
                }
                lastMedia = System.nanoTime();
                if (VoiceActivity.voiced(encoding, in, packet.payloadOffset(), packet.payloadLength())) {
                    lastVoice = lastMedia;
                }
                recorder.accept(packet.sequence(), packet.timestamp(), in, packet.payloadOffset(), packet.payloadLength());
                if (recorder.full()) {
                    stopReason.compareAndSet(null, RecordingEnd.MAXIMUM_LENGTH);
                }
            }
        } catch (SocketException closed) {
            // stop() closed the socket: the normal way out
        } catch (IOException e) {
            LOG.warnf(e, "call %s: media error, keeping what was recorded", callId);
            stopReason.compareAndSet(null, RecordingEnd.MEDIA_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.errorf(e, "call %s: media session failed, keeping what was recorded", callId);
            stopReason.compareAndSet(null, RecordingEnd.ADAPTER_STOPPED);
        } finally {
            socket.close();
            byte[] recording = VoiceActivity.trimTrailingSilence(encoding, recorder.finish(), TAIL_SAMPLES);
            listener.finished(this, recording, stopReason.get() == null ? RecordingEnd.ADAPTER_STOPPED : stopReason.get(),
                    recorder.statistics(), recordingStartedAt == null ? Instant.now() : recordingStartedAt);
        }
    }
}
