/**
 * RTP media (RFC 3550): packets, reordering and loss accounting, per-call sessions, the media
 * engine that runs them all on a fixed number of selector threads with a shared 20 ms clock, and
 * the port pool.
 */
package org.homebound.telephony.rtp;
