package org.homebound.telephony.api;

/**
 * One of the adapter's links to the switch as health checks and metrics see it: the SIP trunk
 * (listening or not), the CTI link (session up or not).
 *
 * @param name   "sip-trunk" or "cti-link"
 * @param up     whether it works now
 * @param detail where it listens or connects, and why it is down
 */
public record LinkStatus(String name, boolean up, String detail) {
}
