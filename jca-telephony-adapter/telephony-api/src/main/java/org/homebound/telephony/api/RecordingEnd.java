package org.homebound.telephony.api;

/** What ended a recording. */
public enum RecordingEnd {
    CALLER_HUNG_UP,
    MAXIMUM_LENGTH,
    /** No media arrived for too long: the caller is gone without saying goodbye. */
    MEDIA_TIMEOUT,
    /** The caller said nothing for the request's silence timeout (the trailing silence is trimmed). */
    SILENCE,
    /** The caller pressed a key (a recording in the phone menu, e.g. a greeting). */
    KEY_PRESSED,
    ADAPTER_STOPPED
}
