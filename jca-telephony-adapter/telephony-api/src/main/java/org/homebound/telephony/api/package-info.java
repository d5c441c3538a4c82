/**
 * The telephony API (claim 12): what the application sees of a telephone switch, whatever protocol
 * driver (SIP trunk, CSTA) the resource adapter uses to talk to it.
 */
package org.homebound.telephony.api;
