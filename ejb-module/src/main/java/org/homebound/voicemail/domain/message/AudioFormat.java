package org.homebound.voicemail.domain.message;

import org.homebound.telephony.audio.AudioEncoding;

/** How a message's audio is kept in storage and sent between sites. */
public enum AudioFormat {
    /** G.711 µ-law, 8 kHz, one byte per sample, as recorded. */
    G711_ULAW(AudioEncoding.PCMU),
    /** G.711 A-law, 8 kHz, one byte per sample, as recorded. */
    G711_ALAW(AudioEncoding.PCMA),
    /** Opus in Ogg (RFC 7845), 8 kHz mono: the compressed form a message is kept and sent in (claim 11). */
    OGG_OPUS(null);

    private final AudioEncoding encoding;

    AudioFormat(AudioEncoding encoding) {
        this.encoding = encoding;
    }

    /** The G.711 encoding of an uncompressed format; null for Opus. */
    public AudioEncoding encoding() {
        return encoding;
    }

    public boolean compressed() {
        return encoding == null;
    }

    public static AudioFormat of(AudioEncoding encoding) {
        return encoding == AudioEncoding.PCMU ? G711_ULAW : G711_ALAW;
    }
}
