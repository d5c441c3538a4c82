package org.homebound.voicemail.application;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.domain.account.Account;
import org.homebound.voicemail.domain.account.AccountRepository;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.extensions.DialPlan;
import org.homebound.voicemail.security.PasswordDigests;

/**
 * What the phone menu does with a mailbox: who is calling, is the PIN right, which messages are
 * there, their audio, heard, saved, deleted, the greeting. Each call is its own transaction, so one
 * refused step (a message deleted meanwhile) does not spoil the conversation.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class MessageRetrieval {

    @Inject
    DialPlan dialPlan;
    @Inject
    MailboxRepository mailboxes;
    @Inject
    AccountRepository accounts;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    SubscriberMessages subscriber;
    @Inject
    AudioCodec codec;
    @Inject
    Greetings greetings;

    /** The mailbox here of the number calling, if it has one: its owner is only asked for the PIN. */
    public Optional<String> mailboxOf(String callingNumber) {
        return dialPlan.extensionOf(callingNumber).filter(e -> mailboxes.findByExtension(e).isPresent());
    }

    /** Whether the PIN opens this mailbox (here, enabled owner account); false for a mailbox that does not exist. */
    public boolean opens(String extension, String pin) {
        if (extension.isEmpty() || pin.isEmpty() || mailboxes.findByExtension(extension).isEmpty()) {
            return false;
        }
        Optional<Account> account = accounts.find(extension).filter(a -> a.isEnabled() && Account.ROLE_SUBSCRIBER.equals(a.getRole()));
        return account.isPresent() && PasswordDigests.matches(pin.toCharArray(), account.get().getPassword());
    }

    /** The messages in the order the phone plays them: new ones first, then saved ones, each oldest first. */
    public List<MessageView> messages(String extension) {
        Mailbox mailbox = mailboxes.findByExtension(extension).orElseThrow(() -> VoicemailException.notFound("no mailbox " + extension));
        return messages.findByMailbox(mailbox).stream()
                .sorted(Comparator.comparing(VoiceMessage::isHeard).thenComparing(VoiceMessage::getReceivedAt))
                .map(SubscriberMessages::view).toList();
    }

    /** A message's audio as 8 kHz samples, to be played to the caller. */
    public short[] audio(String extension, UUID id) {
        VoiceMessage m = messages.find(id).filter(x -> x.getMailbox() != null && x.getMailbox().getExtension().equals(extension))
                .orElseThrow(() -> VoicemailException.notFound("no message " + id + " in mailbox " + extension));
        MessageAudio audio = messages.audioOf(id).orElseThrow(() -> VoicemailException.notFound("no audio for message " + id));
        return codec.decode(audio.formatOr(m.getAudioFormat()), audio.getData());
    }

    /** Heard to the end, or saved with its key: no longer new. */
    public void markHeard(String extension, UUID id) {
        subscriber.markHeard(extension, id);
    }

    public void delete(String extension, UUID id) {
        subscriber.delete(extension, id);
    }

    /** @throws VoicemailException INVALID if it is too short or too long */
    public void recordGreeting(String extension, short[] pcm) {
        greetings.set(extension, pcm);
    }
}
