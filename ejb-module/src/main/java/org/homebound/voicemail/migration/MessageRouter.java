package org.homebound.voicemail.migration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.application.NewMessages;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.jboss.logging.Logger;

/**
 * Decides what becomes of a freshly recorded message, in the transaction that stores it:
 * home here → STORED, the lamp lit and the email queued (claim 3); home remote and UP → SENT over the
 * store-and-forward queue to the home site (claim 4); home remote and not UP → HELD here until
 * it is (claim 1).
 */
@ApplicationScoped
public class MessageRouter {

    private static final Logger LOG = Logger.getLogger(MessageRouter.class);

    @Inject
    SiteDirectory directory;
    @Inject
    PeerAvailability availability;
    @Inject
    SiteLink link;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    NewMessages newMessages;

    public void route(VoiceMessage message, byte[] audio) {
        String home = message.getHomeSite();
        if (directory.isLocal(home)) {
            message.moveTo(MessageState.STORED, null);
            messages.recordEvent(message, "stored in mailbox " + message.getExtension());
            newMessages.stored(message);
            return;
        }
        PeerStatus peer = availability.status(home);
        if (peer.state() == PeerStatus.State.UP && link.hasRouteTo(home)) {
            link.sendMessage(message, message.getAudioFormat(), audio, false);
            message.moveTo(MessageState.SENT, null);
            messages.recordEvent(message, "sent to home site " + home);
            return;
        }
        String why = "home site " + home + " is " + peer.state() + (peer.detail() == null ? "" : " (" + peer.detail() + ")");
        message.moveTo(MessageState.HELD, why);
        messages.recordEvent(message, "held: " + why);
        LOG.infof("message %s for %s held at %s: %s", message.getId(), message.getExtension(), directory.localSiteId(), why);
    }
}
