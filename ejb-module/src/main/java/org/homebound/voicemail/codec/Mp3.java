package org.homebound.voicemail.codec;

import java.io.ByteArrayOutputStream;
import de.sciss.jump3r.lowlevel.LameEncoder;
import org.homebound.telephony.audio.Resampler;
import org.homebound.telephony.audio.Wav;

/**
 * MP3 for email attachments (jump3r, a pure-Java port of LAME). 8 kHz speech is raised to 16 kHz
 * first: at 8 kHz LAME writes MPEG-2.5, an unofficial extension some decoders refuse, while 16 kHz
 * is MPEG-2 Layer III, which every mail client, phone and browser plays. At 24 kbit/s that is
 * ~176 KB a minute, encoded here at ~130× real time on one core (docs/BENCHMARKS.md).
 */
final class Mp3 {

    static final int SAMPLE_RATE = 16_000;
    static final int KBIT_PER_SECOND = 24;

    private Mp3() {
    }

    static byte[] encode(short[] speech) {
        short[] pcm = Resampler.resample(speech, Wav.SAMPLE_RATE, SAMPLE_RATE);
        byte[] le = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            le[2 * i] = (byte) pcm[i];
            le[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        LameEncoder encoder = new LameEncoder(new javax.sound.sampled.AudioFormat(SAMPLE_RATE, 16, 1, true, false), KBIT_PER_SECOND,
                LameEncoder.CHANNEL_MODE_MONO, LameEncoder.QUALITY_MIDDLE, false);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(le.length / 10 + 1024);
            byte[] buffer = new byte[encoder.getMP3BufferSize()];
            int step = encoder.getPCMBufferSize();
            for (int offset = 0; offset < le.length; offset += step) {
                int n = encoder.encodeBuffer(le, offset, Math.min(step, le.length - offset), buffer);
                out.write(buffer, 0, n);
            }
            out.write(buffer, 0, encoder.encodeFinish(buffer));
            return out.toByteArray();
        } finally {
            encoder.close();
        }
    }
}
