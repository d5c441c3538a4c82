package org.homebound.telephony.api;

/**
 * What the media path saw during a recording.
 *
 * @param packetsReceived packets accepted into the recording
 * @param packetsLost     packets never received (gaps in the sequence numbers)
 * @param packetsReordered packets that arrived after a later one and were put back in order
 * @param packetsDiscarded duplicates and packets too late to be placed
 */
public record MediaStatistics(long packetsReceived, long packetsLost, long packetsReordered,
                              long packetsDiscarded) {

    public static final MediaStatistics NONE = new MediaStatistics(0, 0, 0, 0);
}
