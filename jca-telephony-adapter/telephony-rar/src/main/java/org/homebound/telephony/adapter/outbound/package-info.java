/** Outbound side of the adapter: the connection factory applications use to command the switch. */
package org.homebound.telephony.adapter.outbound;
