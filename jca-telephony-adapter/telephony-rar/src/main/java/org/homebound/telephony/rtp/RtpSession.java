package org.homebound.telephony.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.audio.AudioEncoding;
import org.jboss.logging.Logger;

/**
 * The media side of one answered call, stepped by a {@link MediaEngine} loop: it performs
 * {@link MediaStep}s - plays a prompt as 20 ms RTP packets, then records the caller, collects keys
 * (RFC 4733 telephone-events, or keys signalled by SIP INFO through {@link #key}) or ends the call.
 * A deposit is one step; a phone-menu call is a conversation of steps sent one after the other.
 * <p>
 * A recording ends on a hang-up, the maximum length, the caller saying nothing for the silence
 * timeout, a key (menu recordings only), or no media at all for the media timeout (caller gone
 * without BYE: what was said is kept). Trailing silence is trimmed. On a hang-up, what had already
 * arrived is still read before the recording ends. Only the caller's media counts: a packet from
 * the address the SDP offered always wins; until one arrives, the first source with the offered IP
 * address is taken (symmetric RTP); anything else is ignored.
 * <p>
 * The session has no thread of its own. Its loop reads its channel when datagrams wait and calls
 * {@link #tick} every 20 ms; the methods other threads call ({@link #perform}, {@link #key},
 * {@link #update}, {@link #stop}) only leave word, which the next tick takes up.
 */
public final class RtpSession {

    private static final Logger LOG = Logger.getLogger(RtpSession.class);
    private static final int SAMPLES_PER_PACKET = 160; // 20 ms at 8 kHz
    private static final long PACKET_NANOS = MediaEngine.TICK_NANOS;
    /** Kept after the last word when trailing silence is trimmed: 300 ms, a natural pause. */
    private static final int TAIL_SAMPLES = 2400;
    /**
     * The maximum length is cut exactly by recorded audio (the recorder is full); the clock only
     * ends a recording whose audio came this much later than it could have (network or CPU delay
     * must not shorten what the caller may say).
     */
    private static final long DEADLINE_GRACE_NANOS = 2_000_000_000L;
    /** After a hang-up, what has already arrived is read for at most this long (a busy server reads late). */
    private static final long DRAIN_NANOS = 2_000_000_000L;
    /** A prompt late by more than this (a stalled machine) goes on from now rather than in a burst. */
    static final long PLAYOUT_RESYNC_NANOS = 3 * PACKET_NANOS;
    /** Keys typed ahead that are kept for the next step. */
    private static final int MAX_TYPED_AHEAD = 32;
    /** RFC 4733 §3.2 events 0-15. */
    private static final String EVENT_KEYS = "0123456789*#ABCD";

    /** Why a session ended. */
    public enum End { CALLER_HUNG_UP, COMPLETED, MEDIA_TIMEOUT, ADAPTER_STOPPED }

    /** Called on the session's media loop thread: must not block. */
    public interface Listener {
        /**
         * A recording ended: always for a deposit (even an empty one), for a menu's record step
         * unless the call ended during it.
         */
        void recorded(RtpSession session, MediaStep step, RecordedAudio recording, RecordingEnd end, String key,
                      MediaStatistics statistics, Instant recordingStartedAt);

        /** A collecting step ended. */
        void collected(RtpSession session, MediaStep step, String digits, MenuInput.End end);

        /** The session is over and its channel closed; called once, last. */
        void finished(RtpSession session, End end);
    }

    private enum Phase { IDLE, PLAYING, COLLECTING, RECORDING }

    private final String callId;
    private final DatagramChannel channel;
    private final AudioEncoding encoding;
    private final int payloadType;
    private final int telephoneEventType;
    private final Duration mediaTimeout;
    private final Listener listener;
    /** Where the caller's SDP says its media comes from; a re-INVITE may move it. */
    private volatile InetSocketAddress offered;
    /**
     * The caller put the call on hold (re-INVITE sendonly/inactive): silence, no media or music on
     * hold are expected, and none of it is recorded.
     */
    private volatile boolean held;
    private volatile InetSocketAddress remote;
    private final AtomicReference<End> ending = new AtomicReference<>();
    private final AtomicReference<MediaStep> nextStep = new AtomicReference<>();
    private final Queue<Character> signalledKeys = new ConcurrentLinkedQueue<>();

    // ---- the loop's thread only ----
    private boolean over;
    private long drainUntil;
    private boolean readSinceTick;
    private MediaStep step;
    private Phase phase = Phase.IDLE;
    private int promptPosition;
    private long nextSend;
    private boolean talkspurtStart = true;
    private int sequence;
    private long timestamp;
    private long ssrc;
    private final byte[] out = new byte[RtpPacket.HEADER + SAMPLES_PER_PACKET];
    private final ByteBuffer outBuffer = ByteBuffer.wrap(out);
    private final StringBuilder typed = new StringBuilder();
    private final StringBuilder entry = new StringBuilder();
    private long keyDeadline;
    private long lastEventTimestamp = -1;
    private RtpRecorder recorder;
    private Instant recordingStartedAt;
    private long recordingDeadline;
    private long lastMedia;
    private long lastVoice;
    private InetSocketAddress latched;
    private boolean latchedToOffer;
    private long latchedSsrc = -1;

    public RtpSession(String callId, DatagramChannel channel, InetSocketAddress remote, AudioEncoding encoding,
                      int payloadType, int telephoneEventType, MediaStep first, Duration mediaTimeout, Listener listener) {
        this.callId = callId;
        this.channel = channel;
        this.remote = remote;
        this.offered = remote;
        this.encoding = encoding;
        this.payloadType = payloadType;
        this.telephoneEventType = telephoneEventType;
        this.mediaTimeout = mediaTimeout;
        this.listener = listener;
        this.nextStep.set(first);
    }

    public String callId() {
        return callId;
    }

    public int localPort() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("call " + callId + ": media channel closed", e);
        }
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

    /** The next step; it replaces the one running (a recording cut short that way is dropped). */
    public void perform(MediaStep next) {
        nextStep.set(next);
    }

    /** A key the caller pressed, signalled outside the media (SIP INFO). */
    public void key(char key) {
        if (EVENT_KEYS.indexOf(key) >= 0) {
            signalledKeys.add(key);
        }
    }

    /**
     * Ends the session at the next tick; a recording so far is kept. On a hang-up the media already
     * on its way is still read first. Safe from any thread, more than once.
     */
    public void stop(End reason) {
        ending.compareAndSet(null, reason);
    }

    // ---- the loop ----

    void register(Selector selector) throws ClosedChannelException {
        channel.register(selector, SelectionKey.OP_READ, this);
    }

    /**
     * The first step begins, even on a call already over (a BYE right behind the ACK may come
     * before the loop takes the session up): a deposit still reports its recording, empty or not.
     */
    void begin(long now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        sequence = random.nextInt(1 << 16);
        timestamp = random.nextInt() & 0xFFFFFFFFL;
        ssrc = random.nextInt() & 0xFFFFFFFFL;
        lastMedia = now;
        MediaStep first = nextStep.getAndSet(null);
        if (first != null) {
            begin(first);
        }
    }

    boolean over() {
        return over;
    }

    /** Reads up to {@code max} waiting datagrams into {@code in} (wrapped by {@code buffer}). */
    void receive(ByteBuffer buffer, byte[] in, int max) {
        try {
            for (int i = 0; i < max && !over; i++) {
                buffer.clear();
                InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
                if (source == null) {
                    return;
                }
                readSinceTick = true;
                onPacket(in, buffer.position(), source);
            }
        } catch (IOException e) {
            LOG.warnf(e, "call %s: media error, keeping what was recorded", callId);
            ending.compareAndSet(null, End.MEDIA_TIMEOUT);
        }
    }

    /**
     * One step of the media clock: takes up word from other threads, plays the prompt, runs the
     * timeouts, and ends the session when it is over.
     *
     * @return false once the session is over (its listener told, its channel closed)
     */
    boolean tick(long now, ByteBuffer buffer, byte[] in) {
        if (over) {
            return false;
        }
        if (ending.get() == null) {
            step(now);
        }
        End end = ending.get();
        if (end == null) {
            readSinceTick = false;
            return true;
        }
        if (end == End.CALLER_HUNG_UP && phase == Phase.RECORDING && draining(now, buffer, in)) {
            return true;
        }
        finish();
        return false;
    }

    private void step(long now) {
        MediaStep next = nextStep.getAndSet(null);
        if (next != null) {
            begin(next);
        }
        for (Character k; (k = signalledKeys.poll()) != null; ) {
            onKey(k);
        }
        if (phase == Phase.PLAYING && now - nextSend > PLAYOUT_RESYNC_NANOS) {
            nextSend = now; // the clock was held up: go on from here, not in a burst
        }
        while (phase == Phase.PLAYING && now - nextSend >= 0 && ending.get() == null) {
            sendPromptPacket();
        }
        if (ending.get() == null) {
            timersExpired(now);
        }
    }

    /**
     * After a hang-up: what had already arrived is still read into the recording, until a tick
     * (after the first) brings nothing more, or for at most {@link #DRAIN_NANOS}.
     *
     * @return true while it goes on
     */
    private boolean draining(long now, ByteBuffer buffer, byte[] in) {
        if (drainUntil == 0) {
            drainUntil = now + DRAIN_NANOS;
            receive(buffer, in, MediaEngine.READS_PER_TURN);
            readSinceTick = false;
            return phase == Phase.RECORDING; // at least one tick for what is still on its way
        }
        receive(buffer, in, MediaEngine.READS_PER_TURN);
        boolean more = readSinceTick && now - drainUntil < 0 && phase == Phase.RECORDING;
        readSinceTick = false;
        return more;
    }

    /**
     * The session ends now, keeping what was recorded: it failed (a bug, or its loop could not take
     * it up) or its loop is stopping.
     */
    void endNow() {
        ending.compareAndSet(null, End.ADAPTER_STOPPED);
        finish();
    }

    /** Closes the channel, hands over what a deposit recorded, and tells the listener; once. */
    private void finish() {
        if (over) {
            return;
        }
        over = true;
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf(e, "call %s: closing the media channel", callId);
        }
        End end = ending.get() == null ? End.ADAPTER_STOPPED : ending.get();
        try {
            if (step != null && step.deposit() && (phase == Phase.RECORDING || phase == Phase.PLAYING)) {
                finishRecording(recordingEndOf(end), "");
            }
        } finally {
            listener.finished(this, end);
        }
    }

    // ---- steps ----

    private void begin(MediaStep next) {
        step = next;
        entry.setLength(0);
        if (next.discardTypedAhead()) {
            typed.setLength(0);
        }
        recorder = null;
        recordingStartedAt = null;
        promptPosition = 0;
        talkspurtStart = true;
        nextSend = System.nanoTime();
        if (next.prompt().length == 0 || (next.interruptible() && !typed.isEmpty())) {
            promptDone(next.prompt().length > 0);
        } else {
            phase = Phase.PLAYING;
        }
    }

    private void sendPromptPacket() {
        byte[] prompt = step.prompt();
        int n = Math.min(SAMPLES_PER_PACKET, prompt.length - promptPosition);
        RtpPacket.writeHeader(out, payloadType, talkspurtStart, sequence, timestamp, ssrc);
        System.arraycopy(prompt, promptPosition, out, RtpPacket.HEADER, n);
        Arrays.fill(out, RtpPacket.HEADER + n, out.length, encoding.silence());
        outBuffer.clear();
        try {
            channel.send(outBuffer, remote); // a full send buffer drops the packet, as the network would
        } catch (IOException e) {
            LOG.debugf(e, "call %s: prompt packet not sent", callId);
        }
        talkspurtStart = false;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + SAMPLES_PER_PACKET) & 0xFFFFFFFFL;
        promptPosition += n;
        nextSend += PACKET_NANOS;
        if (promptPosition >= prompt.length) {
            promptDone(false);
        }
    }

    /** The prompt is over (played, or interrupted by a key): what the step does next. */
    private void promptDone(boolean interrupted) {
        long now = System.nanoTime();
        lastMedia = now;
        lastVoice = now;
        switch (step.kind()) {
            case HANG_UP -> {
                phase = Phase.IDLE;
                ending.compareAndSet(null, End.COMPLETED);
            }
            case RECORD -> {
                typed.setLength(0); // keys pressed during the prompt do not end the recording
                recorder = recorderForStep();
                recordingStartedAt = Instant.now();
                recordingDeadline = now + step.maximumLength().toNanos() + DEADLINE_GRACE_NANOS;
                phase = Phase.RECORDING;
            }
            case COLLECT -> {
                phase = Phase.COLLECTING;
                keyDeadline = now + step.keyTimeout().toNanos();
                if (step.maxDigits() == 0) {
                    finishCollecting(interrupted ? MenuInput.End.INTERRUPTED : MenuInput.End.PLAYED);
                } else {
                    consumeTyped(now);
                }
            }
        }
    }

    /** A recorder for the current step's maximum length, with a one-second reorder window. */
    private RtpRecorder recorderForStep() {
        return new RtpRecorder(encoding, (int) Math.min(Integer.MAX_VALUE, step.maximumLength().toMillis() * 8), 50);
    }

    private void onKey(char key) {
        if (step != null && step.deposit()) {
            return; // a caller leaving a message has no keys to press
        }
        switch (phase) {
            case RECORDING -> finishRecording(RecordingEnd.KEY_PRESSED, String.valueOf(key));
            case PLAYING -> {
                if (step.interruptible()) {
                    typeAhead(key);
                    promptDone(true);
                }
            }
            case COLLECTING -> {
                typeAhead(key);
                consumeTyped(System.nanoTime());
            }
            case IDLE -> typeAhead(key);
        }
    }

    private void typeAhead(char key) {
        if (typed.length() < MAX_TYPED_AHEAD) {
            typed.append(key);
        }
    }

    /** Takes typed keys into the entry of a collecting step until it is complete. */
    private void consumeTyped(long now) {
        while (phase == Phase.COLLECTING && !typed.isEmpty()) {
            char k = typed.charAt(0);
            typed.deleteCharAt(0);
            keyDeadline = now + step.keyTimeout().toNanos();
            if (k == '#') {
                finishCollecting(MenuInput.End.TERMINATED);
            } else {
                entry.append(k);
                if (entry.length() >= step.maxDigits()) {
                    finishCollecting(MenuInput.End.MAX_DIGITS);
                }
            }
        }
    }

    private void finishCollecting(MenuInput.End end) {
        phase = Phase.IDLE;
        MediaStep done = step;
        listener.collected(this, done, entry.toString(), end);
    }

    private void finishRecording(RecordingEnd end, String key) {
        MediaStep done = step;
        RtpRecorder r = recorder == null ? new RtpRecorder(encoding, 0, 50) : recorder;
        Instant startedAt = recordingStartedAt == null ? Instant.now() : recordingStartedAt;
        phase = Phase.IDLE;
        recorder = null;
        RecordedAudio recording = VoiceActivity.trimTrailingSilence(r.finish(), TAIL_SAMPLES);
        if (done.deposit()) {
            ending.compareAndSet(null, End.COMPLETED);
        }
        listener.recorded(this, done, recording, end, key, r.statistics(), startedAt);
    }

    private static RecordingEnd recordingEndOf(End end) {
        return switch (end) {
            case CALLER_HUNG_UP -> RecordingEnd.CALLER_HUNG_UP;
            case MEDIA_TIMEOUT -> RecordingEnd.MEDIA_TIMEOUT;
            case ADAPTER_STOPPED, COMPLETED -> RecordingEnd.ADAPTER_STOPPED;
        };
    }

    /** Ends what is due by the clock; true if something ended. */
    private boolean timersExpired(long now) {
        if (phase != Phase.COLLECTING && phase != Phase.RECORDING) {
            lastMedia = now; // we are talking or the application is deciding: the caller may be quiet
            return false;
        }
        if (held) {
            lastMedia = now; // on hold: quiet is expected, the timeouts start again on resume
            lastVoice = now;
        }
        if (now - lastMedia > mediaTimeout.toNanos()) {
            if (phase == Phase.RECORDING) {
                finishRecording(RecordingEnd.MEDIA_TIMEOUT, "");
            }
            ending.compareAndSet(null, End.MEDIA_TIMEOUT);
            return true;
        }
        if (phase == Phase.COLLECTING) {
            if (now >= keyDeadline) {
                finishCollecting(MenuInput.End.TIMEOUT);
                return true;
            }
            return false;
        }
        if (now >= recordingDeadline) {
            finishRecording(RecordingEnd.MAXIMUM_LENGTH, "");
            return true;
        }
        if (!step.silenceTimeout().isZero() && now - lastVoice > step.silenceTimeout().toNanos()) {
            finishRecording(RecordingEnd.SILENCE, "");
            return true;
        }
        return false;
    }

    // ---- packets ----

    private void onPacket(byte[] in, int length, InetSocketAddress source) {
        RtpPacket packet = RtpPacket.parse(in, length);
        if (packet == null) {
            return; // RTCP muxed, garbage
        }
        if (packet.payloadType() == telephoneEventType && telephoneEventType >= 0) {
            onTelephoneEvent(packet, in, source);
            return;
        }
        if (packet.payloadType() != payloadType || !fromCaller(packet, source)) {
            return; // comfort noise, another codec, or not this call's caller
        }
        if (phase != Phase.RECORDING || held) {
            return; // the caller speaks over a prompt, or music on hold: not part of a recording
        }
        lastMedia = System.nanoTime();
        if (VoiceActivity.voiced(encoding, in, packet.payloadOffset(), packet.payloadLength())) {
            lastVoice = lastMedia;
        }
        recorder.accept(packet.sequence(), packet.timestamp(), in, packet.payloadOffset(), packet.payloadLength());
        if (recorder.full()) {
            finishRecording(RecordingEnd.MAXIMUM_LENGTH, "");
        }
    }

    /** Whether an audio packet is the caller's; latches onto the caller's real source (symmetric RTP). */
    private boolean fromCaller(RtpPacket packet, InetSocketAddress source) {
        InetSocketAddress offer = offered;
        boolean fromOffer = source.equals(offer);
        if (latched == null || (fromOffer && !latched.equals(offer))) {
            if (!fromOffer && !source.getAddress().equals(offer.getAddress())) {
                return false; // not where the caller said its media comes from
            }
            if (recorder != null && latched != null && !latchedToOffer) {
                // The offered address speaks after all: what came from the stand-in was not the caller.
                recorder = recorderForStep();
            } else if (recorder != null && latched != null) {
                recorder.newStream(); // the caller's media moved (re-INVITE): carry on where it was
            }
            // Symmetric RTP: answer where the caller's media really comes from (a port rewritten by NAT).
            latched = source;
            latchedToOffer = fromOffer;
            latchedSsrc = packet.ssrc();
            remote = source;
            return true;
        }
        if (!latched.equals(source)) {
            return false;
        }
        if (packet.ssrc() != latchedSsrc) {
            if (recorder != null) {
                recorder.newStream(); // the caller's phone restarted its stream (after hold, say)
            }
            latchedSsrc = packet.ssrc();
        }
        return true;
    }

    /**
     * RFC 4733: one key is one event, told apart from the next by its RTP timestamp (the start of
     * the event); the several packets of one event and its three end packets count once.
     */
    private void onTelephoneEvent(RtpPacket packet, byte[] in, InetSocketAddress source) {
        InetSocketAddress from = latched != null ? latched : offered;
        if (!source.getAddress().equals(from.getAddress()) || packet.payloadLength() < 4) {
            return;
        }
        int event = in[packet.payloadOffset()] & 0xFF;
        lastMedia = System.nanoTime();
        if (event < EVENT_KEYS.length() && packet.timestamp() != lastEventTimestamp) {
            lastEventTimestamp = packet.timestamp();
            onKey(EVENT_KEYS.charAt(event));
        }
    }
}
