package org.homebound.voicemail.interfaces.telephony;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.inject.Inject;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallEventListener;
import org.jboss.ejb3.annotation.ResourceAdapter;

/** Receives every call event of this site's switch from the telephony resource adapter. */
@MessageDriven(messageListenerInterface = CallEventListener.class, activationConfig = {
        @ActivationConfigProperty(propertyName = "driver", propertyValue = "any")})
@ResourceAdapter("homebound-telephony") // the id given to the adapter in 50-telephony.cli
public class CallEventMdb implements CallEventListener {

    @Inject
    VoicemailCalls calls;

    @Override
    public void onCallEvent(CallEvent event) {
        calls.handle(event);
    }
}
