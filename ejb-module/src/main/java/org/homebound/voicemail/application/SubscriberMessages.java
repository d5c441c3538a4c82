package org.homebound.voicemail.application;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.extensions.DialPlan;
import org.jboss.logging.Logger;

/**
 * A mailbox owner's view of their messages. Callers are trusted to have checked that the
 * authenticated user may act on {@code extension}; a message of another mailbox is "not found".
 * Every change that moves the counts is announced ({@link MailboxChanges}), so the lamp follows.
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
    @Inject
    DialPlan dialPlan;

    public List<MessageView> list(String extension) {
        return views(messages.findByMailbox(mailbox(extension)));
    }

    /** Messages deleted and not yet purged: what an undo can bring back. */
    public List<MessageView> deleted(String extension) {
        return views(messages.deletedInMailbox(mailbox(extension)));
    }

    public MessageView get(String extension, UUID id) {
        return views(List.of(message(extension, id))).get(0);
    }

    /** The message's audio as a file of the given kind (a deleted one too: the owner may listen before undoing). */
    public byte[] audio(String extension, UUID id, AudioCodec.AudioFile file) {
        VoiceMessage m = message(extension, id);
        MessageAudio audio = messages.audioOf(id).orElseThrow(() -> VoicemailException.notFound("no audio for message " + id));
        return codec.toFile(file, audio.formatOr(m.getAudioFormat()), audio.getData());
    }

    /** Heard (played, or saved without playing): no longer new. */
    public MessageView markHeard(String extension, UUID id) {
        VoiceMessage m = message(extension, id);
        if (!m.isHeard()) {
            m.markHeard();
            changes.changed(extension);
            LOG.infof("message %s for %s marked heard", id, extension);
        }
        return get(extension, id);
    }

    /** New again, to be reminded of it; the lamp comes back on. */
    public MessageView markNew(String extension, UUID id) {
        VoiceMessage m = message(extension, id);
        if (m.isHeard()) {
            m.markNew();
            changes.changed(extension);
            LOG.infof("message %s for %s marked new again", id, extension);
        }
        return get(extension, id);
    }

    /** Deleted for its owner at once (list, counts, lamp), kept for an undo until it is purged. */
    public void delete(String extension, UUID id) {
        VoiceMessage m = message(extension, id);
        if (!m.isDeleted()) {
            m.delete(Instant.now());
            changes.changed(extension);
            LOG.infof("message %s for %s deleted by its owner (recoverable until purged)", id, extension);
        }
    }

    /** Undo of a delete: back as it was, new or heard. */
    public MessageView restore(String extension, UUID id) {
        VoiceMessage m = message(extension, id);
        if (m.isDeleted()) {
            m.restore();
            changes.changed(extension);
            LOG.infof("message %s for %s restored by its owner", id, extension);
        }
        return get(extension, id);
    }

    /** Removes messages deleted before the cut-off for good; returns how many. */
    public int purgeDeleted(Instant cutOff, int limit) {
        List<VoiceMessage> old = messages.deletedBefore(cutOff, limit);
        old.forEach(m -> {
            messages.remove(m);
            LOG.infof("message %s for %s purged (deleted at %s)", m.getId(), m.getExtension(), m.getDeletedAt());
        });
        return old.size();
    }

    private Mailbox mailbox(String extension) {
        return mailboxes.findByExtension(extension).orElseThrow(() -> VoicemailException.notFound("no mailbox " + extension));
    }

    private VoiceMessage message(String extension, UUID id) {
        return messages.find(id).filter(m -> m.getMailbox() != null && m.getMailbox().getExtension().equals(extension))
                .orElseThrow(() -> VoicemailException.notFound("no message " + id + " in mailbox " + extension));
    }

    /** The messages with their callers' names, where the caller's number is a mailbox of this site. */
    private List<MessageView> views(List<VoiceMessage> list) {
        Map<String, String> names = new HashMap<>();
        return list.stream().map(m -> view(m, names.computeIfAbsent(m.getCallerNumber(), this::nameOf))).toList();
    }

    /** The caller's name where the calling number is a mailbox of this site, else null. */
    public String nameOf(String callerNumber) {
        return dialPlan.extensionOf(callerNumber).flatMap(mailboxes::findByExtension).map(Mailbox::getDisplayName).orElse(null);
    }

    static MessageView view(VoiceMessage m, String callerName) {
        return new MessageView(m.getId(), m.getExtension(), m.getCallerNumber(), callerName, m.getReceivedAt(), m.getDurationMillis(),
                m.isHeard(), m.getState().name(), m.getRecordingSite(), m.getReason(), m.getAudioFormat().name(), m.getDeletedAt());
    }
}
