package org.homebound.voicemail.application;

import java.util.List;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.jboss.logging.Logger;

/**
 * A mailbox owner's view of their messages. Callers are trusted to have checked that the
 * authenticated user may act on {@code extension}; a message of another mailbox is "not found".
 */
@Stateless
public class SubscriberMessages {

    private static final Logger LOG = Logger.getLogger(SubscriberMessages.class);

    @Inject
    MailboxRepository mailboxes;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    AudioCodec codec;
    @Inject
    MailboxChanges changes;

    public List<MessageView> list(String extension) {
        return messages.findByMailbox(mailbox(extension)).stream().map(SubscriberMessages::view).toList();
    }

    public MessageView get(String extension, UUID id) {
        return view(message(extension, id));
    }

    /** The message's audio as a file of the given kind. */
    public byte[] audio(String extension, UUID id, AudioCodec.AudioFile file) {
        VoiceMessage m = message(extension, id);
        MessageAudio audio = messages.audioOf(id).orElseThrow(() -> VoicemailException.notFound("no audio for message " + id));
        return codec.toFile(file, audio.formatOr(m.getAudioFormat()), audio.getData());
    }

    public MessageView markHeard(String extension, UUID id) {
        VoiceMessage m = message(extension, id);
        if (!m.isHeard()) {
            m.markHeard();
            changes.changed(extension);
            LOG.infof("message %s for %s marked heard", id, extension);
        }
        return view(m);
    }

    public void delete(String extension, UUID id) {
        VoiceMessage m = message(extension, id);
        messages.remove(m);
        changes.changed(extension);
        LOG.infof("message %s for %s deleted by its owner", id, extension);
    }

    private Mailbox mailbox(String extension) {
        return mailboxes.findByExtension(extension).orElseThrow(() -> VoicemailException.notFound("no mailbox " + extension));
    }

    private VoiceMessage message(String extension, UUID id) {
        return messages.find(id).filter(m -> m.getMailbox() != null && m.getMailbox().getExtension().equals(extension))
                .orElseThrow(() -> VoicemailException.notFound("no message " + id + " in mailbox " + extension));
    }

    static MessageView view(VoiceMessage m) {
        return new MessageView(m.getId(), m.getExtension(), m.getCallerNumber(), m.getReceivedAt(),
                m.getDurationMillis(), m.isHeard(), m.getState().name(), m.getRecordingSite(), m.getReason(), m.getAudioFormat().name());
    }
}
