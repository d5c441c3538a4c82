package org.homebound.voicemail.domain.mailbox;

/** How a message's audio travels in its email. */
public enum EmailAttachment {
    /** Not attached: the mail carries the link to the web inbox only. */
    NONE,
    /** MPEG-2 Layer III, 16 kHz mono, 24 kbit/s: plays in every mail client and phone, ~180 KB a minute. */
    MP3,
    /** 16-bit PCM WAV at 8 kHz: plays everywhere too, but ~940 KB a minute. */
    WAV,
    /** Ogg Opus: the smallest (~75 KB a minute), but older Apple devices and Outlook do not play it. */
    OGG
}
