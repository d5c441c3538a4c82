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
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.extensions.DialPlan;

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
    VoiceMessageRepository messages;
    @Inject
    SubscriberMessages subscriber;
    @Inject
    AudioCodec codec;
    @Inject
    Greetings greetings;
    @Inject
    Logins logins;

    /** The mailbox here of the number calling, if it has one: its owner is only asked for the PIN. */
    public Optional<String> mailboxOf(String callingNumber) {
        return dialPlan.extensionOf(callingNumber).filter(e -> mailboxes.findByExtension(e).isPresent());
    }

    /**
     * A PIN tried by phone for this mailbox, under the same policy as the web page and the API
     * ({@link Logins}): the count goes on across calls, so calling again does not start it over.
     * A mailbox that does not exist here, or a login that is not its owner's, is refused.
     */
    public LoginResult login(String extension, String pin, String callingNumber) {
        if (extension.isEmpty() || mailboxes.findByExtension(extension).isEmpty()) {
            return logins.attempt("", pin, phoneSource(callingNumber), Logins.Channel.PHONE);
        }
        LoginResult result = logins.attempt(extension, pin, phoneSource(callingNumber), Logins.Channel.PHONE);
        if (result.accepted() && !Account.ROLE_SUBSCRIBER.equals(result.role())) {
            return new LoginResult(LoginResult.Outcome.REFUSED, null, null, null);
        }
        return result;
    }

    /** The source a phone login is slowed by: the calling number (all calls arrive from the PBX's address). */
    static String phoneSource(String callingNumber) {
        return "phone:" + (callingNumber == null || callingNumber.isBlank() ? "anonymous" : callingNumber);
    }

    /** The messages in the order the phone plays them: new ones first, then saved ones, each oldest first. */
    public List<MessageView> messages(String extension) {
        Mailbox mailbox = mailboxes.findByExtension(extension).orElseThrow(() -> VoicemailException.notFound("no mailbox " + extension));
        return messages.findByMailbox(mailbox).stream()
                .sorted(Comparator.comparing(VoiceMessage::isHeard).thenComparing(VoiceMessage::getReceivedAt))
                .map(m -> SubscriberMessages.view(m, null)).toList();
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
