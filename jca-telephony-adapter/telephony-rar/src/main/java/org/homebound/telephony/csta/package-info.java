/**
 * The CSTA Phase III XML driver (ECMA-323 over TCP, sessions by ECMA-354): the CTI link to an
 * enterprise switch that tells why and for whom a call reached voicemail, deflects calls, and
 * drives message-waiting lamps.
 */
package org.homebound.telephony.csta;
