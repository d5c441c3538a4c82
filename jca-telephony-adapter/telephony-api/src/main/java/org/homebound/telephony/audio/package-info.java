/** Telephone audio on the wire: the G.711 companding laws and their payload types. */
package org.homebound.telephony.audio;
