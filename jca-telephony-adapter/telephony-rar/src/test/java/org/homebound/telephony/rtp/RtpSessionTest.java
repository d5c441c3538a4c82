package org.homebound.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.audio.AudioEncoding;
import org.junit.jupiter.api.Test;

/**
 * The media session's own lifecycle, its loop played by the test's thread: what the listener hears
 * when the call is over before the loop took the session up.
 */
class RtpSessionTest {

    /** What the listener was told, in order. */
    private static final class Heard implements RtpSession.Listener {
        final List<String> calls = new ArrayList<>();
        RecordingEnd recordingEnd;
        int recordedBytes = -1;

        @Override
        public void recorded(RtpSession session, MediaStep step, RecordedAudio recording, RecordingEnd end, String key,
                             MediaStatistics statistics, Instant recordingStartedAt) {
            calls.add("recorded " + step.id());
            recordingEnd = end;
            recordedBytes = recording.length();
        }

        @Override
        public void collected(RtpSession session, MediaStep step, String digits, MenuInput.End end) {
            calls.add("collected " + step.id());
        }

        @Override
        public void finished(RtpSession session, RtpSession.End end) {
            calls.add("finished " + end);
        }
    }

    private static RtpSession session(MediaStep first, Heard heard) throws Exception {
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        return new RtpSession("c1", channel, nobody, AudioEncoding.PCMU, 0, 101, first, Duration.ofSeconds(3), heard);
    }

    /** What the loop does with a session it takes up: begins it, then ticks it until it is over. */
    private static void runToEnd(RtpSession s) {
        byte[] in = new byte[2048];
        ByteBuffer buffer = ByteBuffer.wrap(in);
        long now = System.nanoTime();
        s.begin(now);
        for (int ticks = 0; s.tick(now, buffer, in); ticks++) {
            assertTrue(ticks < 200, "still not over after 200 ticks");
            now += MediaEngine.TICK_NANOS;
        }
        assertTrue(s.over());
    }

    @Test
    void aDepositWhoseCallerHungUpBeforeItsLoopTookItUpStillReportsItsEmptyRecording() throws Exception {
        Heard heard = new Heard();
        RtpSession s = session(MediaStep.deposit(new byte[0], Duration.ofSeconds(60), Duration.ofSeconds(5)), heard);
        s.stop(RtpSession.End.CALLER_HUNG_UP); // the BYE behind the ACK, before the loop took the session up
        runToEnd(s);
        assertEquals(List.of("recorded deposit", "finished CALLER_HUNG_UP"), heard.calls);
        assertEquals(RecordingEnd.CALLER_HUNG_UP, heard.recordingEnd);
        assertEquals(0, heard.recordedBytes);
    }

    @Test
    void aDepositWithAGreetingStoppedBeforeItRanReportsTooAndAnAdapterStopIsNamedSo() throws Exception {
        Heard heard = new Heard();
        byte[] greeting = new byte[8000];
        RtpSession s = session(MediaStep.deposit(greeting, Duration.ofSeconds(60), Duration.ofSeconds(5)), heard);
        s.stop(RtpSession.End.ADAPTER_STOPPED);
        runToEnd(s);
        assertEquals(List.of("recorded deposit", "finished ADAPTER_STOPPED"), heard.calls);
        assertEquals(RecordingEnd.ADAPTER_STOPPED, heard.recordingEnd);
    }

    @Test
    void aMenuStepStoppedBeforeItRanEndsTheSessionWithoutInventingInput() throws Exception {
        Heard heard = new Heard();
        RtpSession s = session(MediaStep.collect("pin", new byte[800], 4, Duration.ofSeconds(5)), heard);
        s.stop(RtpSession.End.CALLER_HUNG_UP);
        runToEnd(s);
        assertEquals(List.of("finished CALLER_HUNG_UP"), heard.calls);
        assertTrue(heard.recordedBytes < 0);
    }
}
