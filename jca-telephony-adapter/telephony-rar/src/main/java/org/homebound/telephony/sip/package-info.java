/** SIP trunk driver: a voicemail server reachable from a PBX over SIP (JAIN-SIP), with media over RTP. */
package org.homebound.telephony.sip;
