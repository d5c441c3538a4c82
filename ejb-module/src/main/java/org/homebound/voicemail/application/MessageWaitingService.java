package org.homebound.voicemail.application;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
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

    @Resource(lookup = SwitchConnectionFactory.JNDI_NAME)
    SwitchConnectionFactory switches;

    public void refresh(String extension) {
        Mailbox mailbox = mailboxes.findByExtension(extension).orElse(null);
        if (mailbox == null) {
            return;
        }
        VoiceMessageRepository.MessageCounts counts = messages.countFor(mailbox);
        MessageWaiting state = new MessageWaiting(extension, mailbox.isEnabled() ? counts.newMessages() : 0, counts.oldMessages());
        try (SwitchConnection sw = switches.getConnection()) {
            sw.setMessageWaiting(state);
        }
        LOG.debugf("extension %s: lamp %s (%d new, %d old)", extension, state.lampOn() ? "on" : "off", state.newMessages(), state.oldMessages());
    }
}
