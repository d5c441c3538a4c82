package org.homebound.telephony.csta;

import static org.homebound.telephony.csta.CstaXml.escape;

/** Avaya AE Services: user and password of the CTI user in a SessionLoginInfo (namespace http://www.avaya.com/csta). */
final class AvayaSessionLogin implements CstaLoginHook {

    @Override
    public String applicationSpecificInfo(CstaSettings settings) {
        if (settings.user().isBlank() || settings.password().isBlank()) {
            throw new IllegalArgumentException("the avaya login hook needs cstaUser and cstaPassword");
        }
        return "<ns1:SessionLoginInfo xmlns:ns1=\"http://www.avaya.com/csta\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"ns1:SessionLoginInfo\"><ns1:userName>" + escape(settings.user()) + "</ns1:userName><ns1:password>"
                + escape(settings.password()) + "</ns1:password><ns1:sessionCleanupDelay>60</ns1:sessionCleanupDelay></ns1:SessionLoginInfo>";
    }
}
