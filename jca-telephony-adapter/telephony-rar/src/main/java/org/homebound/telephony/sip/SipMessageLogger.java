package org.homebound.telephony.sip;

import java.util.Properties;
import javax.sip.SipStack;
import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import org.jboss.logging.Logger;

/** Logs SIP messages at TRACE (category org.homebound.telephony.sip.messages) for debugging a trunk. */
public final class SipMessageLogger implements ServerLogger {

    private static final Logger LOG = Logger.getLogger("org.homebound.telephony.sip.messages");

    @Override
    public void closeLogFile() {
        // nothing open
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        if (LOG.isTraceEnabled()) {
            LOG.tracef("%s %s -> %s\n%s", sender ? "sent" : "received", from, to, message.encode());
        }
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        logMessage(message, from, to, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, sender, System.currentTimeMillis());
    }

    @Override
    public void logException(Exception ex) {
        LOG.debug("SIP stack exception", ex);
    }

    @Override
    public void setStackProperties(Properties stackProperties) {
        // nothing to configure
    }

    @Override
    public void setSipStack(SipStack sipStack) {
        // not needed
    }
}
