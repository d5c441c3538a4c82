package org.homebound.telephony.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.audio.AudioEncoding;
import org.junit.jupiter.api.Test;

class VoiceActivityTest {

    private static final AudioEncoding LAW = AudioEncoding.PCMU;

    /** {@code voicedSamples} of a loud 400 Hz tone, then {@code silentSamples} of silence, in one-second chunks. */
    private static RecordedAudio toneThenSilence(int voicedSamples, int silentSamples) {
        List<byte[]> chunks = new ArrayList<>();
        int total = voicedSamples + silentSamples;
        for (int at = 0; at < total; at += RecordedAudio.CHUNK) {
            byte[] chunk = new byte[RecordedAudio.CHUNK];
            for (int i = 0; i < chunk.length; i++) {
                int n = at + i;
                chunk[i] = n < voicedSamples ? LAW.encode((short) (8000 * Math.sin(2 * Math.PI * 400 * n / 8000.0))) : LAW.silence();
            }
            chunks.add(chunk);
        }
        return new RecordedAudio(LAW, chunks, total);
    }

    @Test
    void trailingSilenceIsCutAfterANaturalPauseWithoutCopyingTheAudio() {
        RecordedAudio audio = toneThenSilence(3 * 8000 + 100, 5 * 8000);
        RecordedAudio trimmed = VoiceActivity.trimTrailingSilence(audio, 2400);
        // the last voiced frame, counted from the end in 160-sample frames, ends at or after the tone
        int lastVoicedEnd = audio.length() - ((audio.length() - (3 * 8000 + 100)) / 160) * 160;
        assertEquals(lastVoicedEnd + 2400, trimmed.length());
        for (int i = 0; i < 4; i++) {
            assertSame(audio.chunks().get(i), trimmed.chunks().get(i), "chunk " + i + " is shared, not copied");
        }
    }

    @Test
    void allSilenceIsNoRecordingAndSpeechToTheEndIsKeptWhole() {
        assertEquals(0, VoiceActivity.trimTrailingSilence(toneThenSilence(0, 3 * 8000), 2400).length());
        RecordedAudio speech = toneThenSilence(2 * 8000, 0);
        assertSame(speech, VoiceActivity.trimTrailingSilence(speech, 2400));
    }
}
