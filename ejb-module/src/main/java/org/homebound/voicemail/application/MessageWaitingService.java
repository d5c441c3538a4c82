package org.homebound.voicemail.application;

import java.time.Instant;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.api.SubscriptionRequested;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.telephony.api.TelephonyException;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.jboss.logging.Logger;

/** Sets an extension's message-waiting lamp from the committed state of its mailbox: never a guessed count. */
@Stateless
public class MessageWaitingService {

    private static final Logger LOG = Logger.getLogger(MessageWaitingService.class);

    @Inject
    MailboxRepository mailboxes;
    @Inject
    VoiceMessageRepository messages;

    @Inject
    MailboxWatchers watchers;

    @Resource(lookup = SwitchConnectionFactory.JNDI_NAME)
    SwitchConnectionFactory switches;

    public void refresh(String extension) {
        Instant asOf = Instant.now(); // before reading: a later read sees at least what this one does
        Mailbox mailbox = mailboxes.findByExtension(extension).orElse(null);
        if (mailbox == null) {
            return;
        }
        MessageWaiting state = stateOf(mailbox, asOf);
        watchers.changed(extension); // open inboxes first: they do not depend on the switch being there
        try (SwitchConnection sw = switches.getConnection()) {
            sw.setMessageWaiting(state);
        }
        LOG.debugf("extension %s: lamp %s (%d new, %d old)", extension, state.lampOn() ? "on" : "off", state.newMessages(), state.oldMessages());
    }

    /**
     * A phone (through the PBX) subscribes to a mailbox's message-waiting state (RFC 3842): it is
     * told the committed counts at once, and every change after (refresh). Only mailboxes homed at
     * this site can be subscribed to here: their counts are the ones this site knows for certain.
     */
    public void subscriptionRequested(SubscriptionRequested request) {
        Instant asOf = Instant.now();
        Mailbox mailbox = mailboxes.findByExtension(request.extension()).orElse(null);
        try (SwitchConnection sw = switches.getConnection()) {
            if (mailbox == null) {
                sw.rejectSubscription(request.callId(), RejectCause.NO_SUCH_MAILBOX);
                LOG.infof("subscription %s from '%s' for %s refused: no mailbox %s at this site", request.callId(), request.subscriber(),
                        request.extension(), request.extension());
                return;
            }
            MessageWaiting state = stateOf(mailbox, asOf);
            sw.acceptSubscription(request.callId(), state);
            LOG.infof("subscription %s from '%s' for %s accepted (%d new, %d old, %d s)", request.callId(), request.subscriber(),
                    request.extension(), state.newMessages(), state.oldMessages(), request.expires().toSeconds());
        } catch (TelephonyException gone) {
            LOG.infof("subscription %s for %s: %s", request.callId(), request.extension(), gone.getMessage());
        }
    }

    /** A disabled mailbox shows no new messages: its owner cannot hear them by phone. */
    private MessageWaiting stateOf(Mailbox mailbox, Instant asOf) {
        VoiceMessageRepository.MessageCounts counts = messages.lampCountFor(mailbox);
        return new MessageWaiting(mailbox.getExtension(), mailbox.isEnabled() ? counts.newMessages() : 0, counts.oldMessages(), asOf);
    }
}
