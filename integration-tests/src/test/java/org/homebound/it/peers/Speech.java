package org.homebound.it.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.homebound.telephony.audio.Wav;

/** Real speech for callers: espeak-ng says it, sox makes it 8 kHz 16-bit mono and adds leading silence. */
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
}
