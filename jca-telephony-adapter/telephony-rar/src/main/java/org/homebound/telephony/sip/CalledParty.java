package org.homebound.telephony.sip;

import org.homebound.telephony.api.DiversionReason;

/**
 * Whose voicemail a SIP call is for and why it came: the result of reading the diversion
 * information of an INVITE.
 *
 * @param number the original called party's user part (extension or number)
 * @param source which part of the request said so: "rfc4458", "history-info", "diversion", "to"
 */
record CalledParty(String number, DiversionReason reason, String source) {
}
