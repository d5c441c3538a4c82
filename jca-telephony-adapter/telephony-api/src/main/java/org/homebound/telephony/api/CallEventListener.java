package org.homebound.telephony.api;

/**
 * Message listener interface of the telephony resource adapter. A message-driven bean that
 * implements it receives every call event of the switch the adapter is connected to.
 */
public interface CallEventListener {

    void onCallEvent(CallEvent event);
}
