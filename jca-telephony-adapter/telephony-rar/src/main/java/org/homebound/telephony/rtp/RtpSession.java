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
 * caller until {@link #stop} (BYE), the maximum length, or media silence for too long. Runs as
 * one long-running {@link Work}; {@link #release()} ends it at once by closing the socket.
 */
public final class RtpSession implements Work, WorkContextProvider {

    private static final Logger LOG = Logger.getLogger(RtpSession.class);
    private static final int SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz
    private static final long PACKET_NANOS = 20_000_000L;

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
    private final Listener listener;
    private final AtomicReference<RecordingEnd> stopReason = new AtomicReference<>();
    private volatile InetSocketAddress remote;

    public RtpSession(String callId, DatagramSocket socket, InetSocketAddress remote, AudioEncoding encoding,
                      int payloadType, byte[] encodedPrompt, Duration maximumLength, Duration mediaTimeout,
                      Listener listener) {
        this.callId = callId;
        this.socket = socket;
        this.remote = remote;
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
        long latchedSsrc = -1;
        int promptPosition = 0;
        long nextSend = System.nanoTime();
        long lastMedia = System.nanoTime();
        long recordingDeadline = recordingStartedAt == null ? Long.MAX_VALUE : System.nanoTime() + maximumLength.toNanos();
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
                        recordingDeadline = System.nanoTime() + maximumLength.toNanos();
                        lastMedia = System.nanoTime();
                    }
                    continue;
                }
                if (recordingStartedAt != null && now >= recordingDeadline) {
                    stopReason.compareAndSet(null, RecordingEnd.MAXIMUM_LENGTH);
                    break;
                }
                if (recordingStartedAt != null && now - lastMedia > mediaTimeout.toNanos()) {
                    stopReason.compareAndSet(null, RecordingEnd.MEDIA_TIMEOUT);
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
                if (latched == null) {
                    // Symmetric RTP: answer where the caller's media really comes from (NAT, media relays).
                    latched = source;
                    latchedSsrc = packet.ssrc();
                    remote = source;
                } else if (!latched.equals(source) || packet.ssrc() != latchedSsrc) {
                    continue; // another source: not this call's caller
                }
                if (recordingStartedAt == null) {
                    continue; // the caller speaks over the greeting: not part of the message
                }
                lastMedia = System.nanoTime();
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
            byte[] recording = recorder.finish();
            listener.finished(this, recording, stopReason.get() == null ? RecordingEnd.ADAPTER_STOPPED : stopReason.get(),
                    recorder.statistics(), recordingStartedAt == null ? Instant.now() : recordingStartedAt);
        }
    }
}
