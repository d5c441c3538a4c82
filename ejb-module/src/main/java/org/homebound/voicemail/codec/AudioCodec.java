package org.homebound.voicemail.codec;

import jakarta.enterprise.context.ApplicationScoped;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.audio.OggOpus;
import org.homebound.telephony.audio.Wav;
import org.homebound.voicemail.domain.message.AudioFormat;

/**
 * Converts call audio to the storage format and back (claim 11). A recording is first kept as
 * the G.711 the call used, so a message is durable the moment the caller hangs up and no CPU is
 * taken from calls being recorded; it is then compressed to Opus in Ogg, ~71 KB per minute
 * instead of G.711's 480 KB: by the {@link AudioCompressor} in the background for a mailbox at
 * this site, at once for one that travels to (or waits for) its home site, so inter-site transfer
 * carries the compressed form. Everything is decoded back to 16-bit PCM for WAV and to G.711 for a
 * phone.
 */
@ApplicationScoped
public class AudioCodec {

    /**
     * Opus bit rate for 8 kHz speech. 10 kbit/s measured at ~70 KB/min of payload plus ~1 KB/min of
     * Ogg framing (target: at most 90 KB/min); docs/BENCHMARKS.md has the figures.
     */
    public static final int OPUS_BITS_PER_SECOND = 10_000;
    /** How far an Opus file's decoded length may be from the duration a peer claims for it: one frame. */
    private static final long OPUS_DURATION_TOLERANCE_MILLIS = 20;

    /** The files a message can be fetched as, by media type. */
    public enum AudioFile {
        /** 16-bit PCM WAV: plays everywhere. */
        WAV("audio/wav"),
        /** Ogg Opus: a seventh of the size. */
        OGG("audio/ogg"),
        /** MP3 (MPEG-2 Layer III, 16 kHz): a fifth of the size, and plays in every mail client and phone. */
        MP3("audio/mpeg");

        private final String mediaType;

        AudioFile(String mediaType) {
            this.mediaType = mediaType;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    /** Stored audio: its format, bytes and how long it plays. */
    public record StoredAudio(AudioFormat format, byte[] data, long durationMillis) {
    }

    /** The recording as the call carried it. */
    public StoredAudio asRecorded(RecordedAudio recorded) {
        byte[] g711 = recorded.samples();
        return new StoredAudio(AudioFormat.of(recorded.encoding()), g711, g711.length / 8L);
    }

    /** The audio in the compressed storage format; already compressed audio is returned as it is. */
    public StoredAudio compressed(StoredAudio audio) {
        if (audio.format().compressed()) {
            return audio;
        }
        return compress(audio.format().encoding().decode(audio.data()));
    }

    /** 8 kHz samples in the compressed storage format. */
    public StoredAudio compress(short[] pcm) {
        return new StoredAudio(AudioFormat.OGG_OPUS, OggOpus.encode(pcm, OPUS_BITS_PER_SECOND), pcm.length / 8L);
    }

    /** 16-bit samples at 8 kHz. */
    public short[] decode(AudioFormat format, byte[] stored) {
        return format.compressed() ? OggOpus.decode(stored) : format.encoding().decode(stored);
    }

    /** A 16-bit PCM WAV file of the stored audio. */
    public byte[] toWav(AudioFormat format, byte[] stored) {
        return Wav.encode(decode(format, stored));
    }

    /** An Ogg Opus file of the stored audio: the stored bytes themselves once compressed. */
    public byte[] toOgg(AudioFormat format, byte[] stored) {
        return format.compressed() ? stored : compress(format.encoding().decode(stored)).data();
    }

    /** The stored audio as a file of the given kind. */
    public byte[] toFile(AudioFile file, AudioFormat format, byte[] stored) {
        return switch (file) {
            case OGG -> toOgg(format, stored);
            case WAV -> toWav(format, stored);
            case MP3 -> Mp3.encode(decode(format, stored));
        };
    }

    /** The stored audio in a call's G.711 encoding, for playing to a phone. */
    public byte[] toG711(AudioFormat format, byte[] stored, AudioEncoding call) {
        return format.encoding() == call ? stored : call.encode(decode(format, stored));
    }

    /**
     * Checks compressed audio from elsewhere (a peer site, an upload) before it is stored: every
     * page intact, every packet well formed, and lasting as long as it is said to. Read from the
     * file's structure, not by decoding it (OggOpus.durationMillis): a site receiving a drained
     * backlog checks every message, and decoding cost tens of milliseconds each.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public void checkCompressed(byte[] ogg, long claimedMillis) {
        long millis = OggOpus.durationMillis(ogg);
        if (Math.abs(millis - claimedMillis) > OPUS_DURATION_TOLERANCE_MILLIS) {
            throw new IllegalArgumentException("Opus audio of " + millis + " ms does not last the " + claimedMillis + " ms the message claims");
        }
    }
}
