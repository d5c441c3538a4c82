package org.homebound.voicemail.domain.message;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.homebound.voicemail.domain.mailbox.Mailbox;

public interface VoiceMessageRepository {

    boolean exists(UUID id);

    Optional<VoiceMessage> find(UUID id);

    /** Oldest first, as a subscriber hears them. */
    List<VoiceMessage> findByMailbox(Mailbox mailbox);

    Optional<MessageAudio> audioOf(UUID id);

    void add(VoiceMessage message, MessageAudio audio);

    void remove(VoiceMessage message);

    MessageCounts countFor(Mailbox mailbox);

    /** New (not yet heard) and old (heard) messages of a mailbox. */
    record MessageCounts(int newMessages, int oldMessages) {
        public int total() {
            return newMessages + oldMessages;
        }
    }
}
