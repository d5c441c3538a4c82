package org.homebound.voicemail.domain.message;

import org.homebound.telephony.audio.AudioEncoding;

/** How a message's audio is kept in storage. */
public enum AudioFormat {
    /** G.711 µ-law, 8 kHz, one byte per sample, as recorded. */
    G711_ULAW(AudioEncoding.PCMU),
    /** G.711 A-law, 8 kHz, one byte per sample, as recorded. */
    G711_ALAW(AudioEncoding.PCMA);

    private final AudioEncoding encoding;

    AudioFormat(AudioEncoding encoding) {
        this.encoding = encoding;
    }

    public AudioEncoding encoding() {
        return encoding;
    }

    public static AudioFormat of(AudioEncoding encoding) {
        return encoding == AudioEncoding.PCMU ? G711_ULAW : G711_ALAW;
    }
}
