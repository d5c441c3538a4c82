/**
 * The JCA resource adapter: lifecycle, inbound delivery of call events to message-driven beans,
 * and the service interface protocol drivers implement.
 */
package org.homebound.telephony.adapter;
