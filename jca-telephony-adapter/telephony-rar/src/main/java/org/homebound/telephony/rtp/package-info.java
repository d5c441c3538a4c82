/** RTP media (RFC 3550): packets, reordering and loss accounting, per-call sessions and the port pool. */
package org.homebound.telephony.rtp;
