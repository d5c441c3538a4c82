package org.homebound.voicemail.migration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.calltransfer.Destination;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.message.MessageState;

/**
 * Decides what becomes of a recorded message (claims 1, 3, 4): stored here when its home is
 * this site. A remote home is refused until this site has peers to send to, so a message can
 * never be filed as stored at a site that is not its home.
 */
@ApplicationScoped
public class MessageRouter {

    @Inject
    SiteDirectory directory;

    public MessageState stateFor(Destination destination) {
        if (!destination.remote()) {
            return MessageState.STORED; // claim 3
        }
        throw new IllegalStateException("mailbox " + destination.extension() + " is homed at site " + destination.homeSite()
                + ", but site " + directory.localSiteId() + " has no peer sites configured");
    }
}
