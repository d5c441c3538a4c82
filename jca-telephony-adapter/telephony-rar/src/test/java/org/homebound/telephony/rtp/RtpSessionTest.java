package org.homebound.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.audio.AudioEncoding;
import org.junit.jupiter.api.Test;

/**
 * The media session's own lifecycle, driven on the test's thread: what the listener hears when the
 * call is over before the media thread got to run.
 */
class RtpSessionTest {

    /** What the listener was told, in order. */
    private static final class Heard implements RtpSession.Listener {
        final List<String> calls = new ArrayList<>();
        RecordingEnd recordingEnd;
        int recordedBytes = -1;

        @Override
        public void recorded(RtpSession session, MediaStep step, byte[] recording, RecordingEnd end, String key,
                             MediaStatistics statistics, Instant recordingStartedAt) {
            calls.add("recorded " + step.id());
            recordingEnd = end;
            recordedBytes = recording.length;
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
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        return new RtpSession("c1", socket, nobody, AudioEncoding.PCMU, 0, 101, first, Duration.ofSeconds(3), heard);
    }

    @Test
    void aDepositWhoseCallerHungUpBeforeTheMediaThreadRanStillReportsItsEmptyRecording() throws Exception {
        Heard heard = new Heard();
        RtpSession s = session(MediaStep.deposit(new byte[0], Duration.ofSeconds(60), Duration.ofSeconds(5)), heard);
        s.stop(RtpSession.End.CALLER_HUNG_UP); // the BYE behind the ACK, before the work manager started the session
        s.run();
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
        s.run();
        assertEquals(List.of("recorded deposit", "finished ADAPTER_STOPPED"), heard.calls);
        assertEquals(RecordingEnd.ADAPTER_STOPPED, heard.recordingEnd);
    }

    @Test
    void aMenuStepStoppedBeforeItRanEndsTheSessionWithoutInventingInput() throws Exception {
        Heard heard = new Heard();
        RtpSession s = session(MediaStep.collect("pin", new byte[800], 4, Duration.ofSeconds(5)), heard);
        s.stop(RtpSession.End.CALLER_HUNG_UP);
        s.run();
        assertEquals(List.of("finished CALLER_HUNG_UP"), heard.calls);
        assertTrue(heard.recordedBytes < 0);
    }
}
