package org.homebound.it.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.homebound.telephony.audio.Wav;

/** Real speech for callers: espeak-ng says it, sox makes it 8 kHz 16-bit mono and pads it with silence. */
public final class Speech {

    private Speech() {
    }

    /** A spoken sentence as a telephone-ready WAV; its exact length is {@link #duration(Path)}. */
    public static Path say(Path directory, String name, String sentence) throws Exception {
        Files.createDirectories(directory);
        Path raw = directory.resolve(name + ".espeak.wav");
        Path out = directory.resolve(name + ".wav");
        ExternalProcess.run(directory, "espeak-ng", "-v", "en-us", "-w", raw.toString(), sentence);
        ExternalProcess.run(directory, "sox", raw.toString(), "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", out.toString());
        return out;
    }

    /** The same speech as a computer would record it: 44.1 kHz stereo. */
    public static Path asComputerRecording(Path wav) throws Exception {
        Path out = wav.resolveSibling(wav.getFileName().toString().replace(".wav", ".44k.wav"));
        ExternalProcess.run(wav.getParent(), "sox", wav.toString(), "-r", "44100", "-c", "2", "-b", "16", "-e", "signed-integer", out.toString());
        return out;
    }

    public static Duration duration(Path wav) throws Exception {
        return Duration.ofMillis(Wav.decode(Files.readAllBytes(wav)).length / 8L);
    }

    /** Root-mean-square amplitude of 16-bit samples (full scale 32767). */
    public static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, pcm.length));
    }

    /** The WAV followed by this much silence (a caller who stays on the line after speaking). */
    public static Path followedBySilence(Path wav, Duration silence) throws Exception {
        Path out = wav.resolveSibling(wav.getFileName().toString().replace(".wav", ".padded.wav"));
        ExternalProcess.run(wav.getParent(), "sox", wav.toString(), out.toString(), "pad", "0", String.valueOf(silence.toSeconds()));
        return out;
    }

    /** The WAV after this much silence (a caller who draws breath after the tone). */
    public static Path precededBySilence(Path wav, Duration silence) throws Exception {
        Path out = wav.resolveSibling(wav.getFileName().toString().replace(".wav", ".breath.wav"));
        ExternalProcess.run(wav.getParent(), "sox", wav.toString(), out.toString(), "pad", String.format(java.util.Locale.ROOT, "%.3f", silence.toMillis() / 1000.0), "0");
        return out;
    }

    /**
     * From the start of the first 20 ms frame with speech in it to the end of the last: what was
     * said, without the silence around it. A frame has speech when its RMS is above 300 (about
     * -40 dBFS), far above line noise and far below speech.
     */
    public static Duration voicedSpan(short[] pcm) {
        int first = -1;
        int last = -1;
        for (int frame = 0; (frame + 1) * 160 <= pcm.length; frame++) {
            double sum = 0;
            for (int i = frame * 160; i < (frame + 1) * 160; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            if (Math.sqrt(sum / 160) > 300) {
                last = frame;
                if (first < 0) {
                    first = frame;
                }
            }
        }
        return first < 0 ? Duration.ZERO : Duration.ofMillis((last - first + 1) * 20L);
    }

    /** Silence as a telephone-ready WAV: a caller who listens. */
    public static Path silence(Path directory, Duration length) throws Exception {
        Files.createDirectories(directory);
        Path out = directory.resolve("silence-" + length.toSeconds() + "s.wav");
        ExternalProcess.run(directory, "sox", "-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", out.toString(),
                "trim", "0", String.valueOf(length.toSeconds()));
        return out;
    }

    /**
     * The lengths of the stretches where a pure tone of {@code hz} is what is heard: 20 ms frames
     * whose energy is mostly at that frequency (Goertzel), a lost frame or two forgiven.
     */
    public static List<Duration> toneRuns(short[] pcm, double hz) {
        List<Duration> runs = new ArrayList<>();
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000);
        int run = 0;
        int misses = 0;
        for (int off = 0; off + 160 <= pcm.length; off += 160) {
            double s1 = 0;
            double s2 = 0;
            double energy = 0;
            for (int i = off; i < off + 160; i++) {
                double s0 = pcm[i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
                energy += (double) pcm[i] * pcm[i];
            }
            double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            boolean tone = energy > 160 * 1000.0 * 1000.0 && power / (80 * energy) > 0.5;
            if (tone) {
                run += 1 + misses;
                misses = 0;
            } else if (run > 0 && ++misses > 2) {
                runs.add(Duration.ofMillis(run * 20L));
                run = 0;
                misses = 0;
            }
        }
        if (run > 0) {
            runs.add(Duration.ofMillis(run * 20L));
        }
        return runs;
    }
}
