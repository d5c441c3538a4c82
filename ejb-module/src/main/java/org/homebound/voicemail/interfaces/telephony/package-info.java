/** The telephony side: the message-driven bean that receives call events from the resource adapter. */
package org.homebound.voicemail.interfaces.telephony;
