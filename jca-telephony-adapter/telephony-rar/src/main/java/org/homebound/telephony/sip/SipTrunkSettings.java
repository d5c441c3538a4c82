package org.homebound.telephony.sip;

import java.time.Duration;
import java.util.List;

/**
 * Configuration of the SIP trunk, taken from the resource adapter's config properties.
 *
 * @param bindAddress      address the SIP and RTP sockets listen on
 * @param port             SIP port (UDP and TCP)
 * @param transports       "udp", "tcp" or both
 * @param mediaAddress     address announced in SDP (defaults to the bind address)
 * @param rtpPortMin       lowest RTP port
 * @param rtpPortMax       highest RTP port
 * @param decisionTimeout  how long a call may wait for the application's decision
 * @param mediaTimeout     how long a recording may go without RTP before it ends
 * @param mwiNotifyUri     where to send unsolicited message-summary NOTIFYs; {@code {extension}}
 *                         is replaced; empty to send none
 * @param trustedPeers     who may send requests (the PBX)
 * @param maxCalls         calls in progress (offered or answered) beyond which a new INVITE is refused
 *                         with 503 and Retry-After, so the calls already there keep their set-up time
 *                         and audio; 0 for no limit
 * @param maxUndecided     calls offered to the application and not yet answered or refused beyond
 *                         which a new INVITE is refused the same way: when the application decides
 *                         slowly (a database that cannot keep up), new calls are refused at once
 *                         instead of every call's set-up slowing to seconds; 0 for no limit
 */
public record SipTrunkSettings(String bindAddress, int port, List<String> transports, String mediaAddress,
                               int rtpPortMin, int rtpPortMax, Duration decisionTimeout, Duration mediaTimeout,
                               String mwiNotifyUri, TrustedPeers trustedPeers, int maxCalls, int maxUndecided) {
}
