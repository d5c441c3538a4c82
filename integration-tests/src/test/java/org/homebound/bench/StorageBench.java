package org.homebound.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.homebound.it.peers.Speech;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.audio.OggOpus;
import org.homebound.telephony.audio.Wav;
import org.junit.jupiter.api.Test;

/**
 * The stored format (claim 11): bytes per minute of speech, and the CPU it costs to encode and
 * decode a minute of audio, on this machine, with the codec and bit rate the product uses
 * (AudioCodec: Opus in Ogg, 10 kbit/s). The speech is espeak-ng's, about three minutes of it;
 * G.711 is the baseline; the email attachments (MP3, WAV) beside them. No server is needed.
 */
class StorageBench {

    /** AudioCodec.OPUS_BITS_PER_SECOND (the ejb-module is not on this module's classpath). */
    static final int BITS_PER_SECOND = 10_000;
    private static final int ROUNDS = 5;

    @Test
    void bytesAndCpuPerMinuteOfSpeech() throws Exception {
        Path work = Path.of(System.getProperty("it.work.dir"), "bench", "storage");
        List<short[]> parts = new ArrayList<>();
        String[] sentences = {
            "Hello, this is Maria from accounts payable. I am calling about invoice four seven one one, which is still open.",
            "Could you please call me back before Friday? My number is five five five, one two three four.",
            "Hi, it's Tom. The meeting with the supplier moved to three o'clock tomorrow afternoon, in room twelve.",
            "This is the front desk. A parcel arrived for you this morning; you can pick it up until six.",
        };
        for (int i = 0; i < sentences.length; i++) {
            parts.add(Wav.decode(Files.readAllBytes(Speech.say(work, "speech-" + i, sentences[i]))));
        }
        short[] speech = repeatTo(parts, 8000 * 180);
        double minutes = speech.length / 8000.0 / 60.0;

        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        byte[] ogg = OggOpus.encode(speech, BITS_PER_SECOND); // warm-up: class loading and JIT
        OggOpus.decode(ogg);
        long encodeNanos = Long.MAX_VALUE;
        long decodeNanos = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            ogg = OggOpus.encode(speech, BITS_PER_SECOND);
            long t1 = cpu.getCurrentThreadCpuTime();
            short[] back = OggOpus.decode(ogg);
            long t2 = cpu.getCurrentThreadCpuTime();
            assertEquals(speech.length, back.length);
            encodeNanos = Math.min(encodeNanos, t1 - t0);
            decodeNanos = Math.min(decodeNanos, t2 - t1);
        }
        long g711Nanos = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            AudioEncoding.PCMU.decode(AudioEncoding.PCMU.encode(speech));
            g711Nanos = Math.min(g711Nanos, cpu.getCurrentThreadCpuTime() - t0);
        }

        // Email attachments (voicemail to email): MP3 as AudioCodec makes it (16 kHz MPEG-2 Layer III, 24 kbit/s) and WAV.
        org.homebound.voicemail.codec.AudioCodec codec = new org.homebound.voicemail.codec.AudioCodec();
        byte[] g711 = AudioEncoding.PCMU.encode(speech);
        var pcmu = org.homebound.voicemail.domain.message.AudioFormat.G711_ULAW;
        byte[] mp3 = codec.toFile(org.homebound.voicemail.codec.AudioCodec.AudioFile.MP3, pcmu, g711); // warm-up
        long mp3Nanos = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            mp3 = codec.toFile(org.homebound.voicemail.codec.AudioCodec.AudioFile.MP3, pcmu, g711);
            mp3Nanos = Math.min(mp3Nanos, cpu.getCurrentThreadCpuTime() - t0);
        }
        byte[] wav = codec.toFile(org.homebound.voicemail.codec.AudioCodec.AudioFile.WAV, pcmu, g711);

        String report = String.format("""
                speech: %.2f min (espeak-ng, 8 kHz), best of %d rounds, CPU time of the encoding thread
                G.711:             %8.1f KB/min
                Ogg Opus %d kbit/s: %8.1f KB/min  (%.1f x smaller)
                Opus encode:       %8.0f ms CPU per minute of audio
                Opus decode:       %8.0f ms CPU per minute of audio
                G.711 encode+decode: %6.1f ms CPU per minute of audio
                email attachment MP3 (16 kHz, 24 kbit/s): %8.1f KB/min, %6.0f ms CPU per minute of audio (resampling included)
                email attachment WAV (16-bit PCM):       %8.1f KB/min
                """, minutes, ROUNDS, 480.0, BITS_PER_SECOND / 1000, ogg.length / 1000.0 / minutes, 480_000.0 / (ogg.length / minutes),
                encodeNanos / 1e6 / minutes, decodeNanos / 1e6 / minutes, g711Nanos / 1e6 / minutes,
                mp3.length / 1000.0 / minutes, mp3Nanos / 1e6 / minutes, wav.length / 1000.0 / minutes);
        Files.writeString(work.resolve("storage.txt"), report);
        System.out.println(report);
    }

    /** The parts one after another, again and again, to the given length. */
    static short[] repeatTo(List<short[]> parts, int samples) {
        short[] out = new short[samples];
        int at = 0;
        while (at < samples) {
            for (short[] p : parts) {
                int n = Math.min(p.length, samples - at);
                System.arraycopy(p, 0, out, at, n);
                at += n;
                if (at == samples) {
                    break;
                }
            }
        }
        return out;
    }
}
