package org.homebound.voicemail.domain.message;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.homebound.voicemail.domain.mailbox.Mailbox;

public interface VoiceMessageRepository {

    boolean exists(UUID id);

    Optional<VoiceMessage> find(UUID id);

    /**
     * Those of the messages that exist here, by id, in one query; {@link #find} answers them from
     * then on in the same transaction without asking the database again.
     */
    Map<UUID, VoiceMessage> findAll(Collection<UUID> ids);

    /** The mailbox's messages, not those its owner deleted; oldest first, as a subscriber hears them. */
    List<VoiceMessage> findByMailbox(Mailbox mailbox);

    /** Messages its owner deleted that can still be brought back, most recently deleted first. */
    List<VoiceMessage> deletedInMailbox(Mailbox mailbox);

    /** Messages deleted by their owners before the cut-off: gone for good once removed. */
    List<VoiceMessage> deletedBefore(Instant cutOff, int limit);

    Optional<MessageAudio> audioOf(UUID id);

    /** The audio of those of the messages that have some, by message id, in one query (read-only, as audioOf). */
    Map<UUID, MessageAudio> audioOf(Collection<UUID> ids);

    /** Whether the audio is (still) at this site, without loading it. */
    boolean hasAudio(UUID id);

    /** Messages in mailboxes here whose audio is not yet compressed, oldest first. */
    List<UUID> uncompressedInMailboxes(int limit);

    /**
     * Replaces uncompressed audio by its compressed form, unless it has gone or was compressed
     * meanwhile; the message's other columns and version are left alone, so nobody's concurrent
     * change of the message (heard, deleted) is lost or refused. Returns whether it was replaced.
     */
    boolean replaceUncompressed(UUID id, AudioFormat format, byte[] data);

    /** Stores a new message, in the state it has by then, with its audio. */
    void add(VoiceMessage message, MessageAudio audio);

    void remove(VoiceMessage message);

    /** Records a step of a message's history: the state the message is in now, and why. */
    void recordEvent(VoiceMessage message, String detail);

    List<MessageEvent> history(UUID id);

    MessageCounts countFor(Mailbox mailbox);

    /** How many messages (not counting deleted ones) each of the mailboxes holds, by extension, in one query; empty ones left out. */
    Map<String, Integer> totalsFor(Collection<Mailbox> mailboxes);

    /**
     * The counts the lamp shows: as {@link #countFor}, but without messages that leave the mailbox
     * (or become heard) as soon as their email is accepted, while that is still expected.
     */
    MessageCounts lampCountFor(Mailbox mailbox);

    /**
     * Ids of messages in a state for a home site, oldest first: at most limit of them, and no more
     * than maxBytes of audio together (but always the oldest, however large).
     */
    List<UUID> idsInState(MessageState state, String homeSite, int limit, long maxBytes);

    /**
     * SENT messages for these home sites whose state has not changed since before the cut-off,
     * oldest first, bounded like {@link #idsInState}.
     */
    List<UUID> unconfirmedSince(Instant cutOff, Collection<String> homeSites, int limit, long maxBytes);

    /** Messages in a state (all home sites when homeSite is null), oldest first, one page. */
    List<VoiceMessage> inState(MessageState state, String homeSite, int offset, int limit);

    /** Per home site, when the oldest message now in the state got there. */
    Map<String, Instant> oldestInState(MessageState state);

    /** How many messages in mailboxes here wait to be compressed. */
    long uncompressedCount();

    /** How many messages are in each state, per home site. */
    Map<String, Map<MessageState, Long>> countsByHomeSite();

    /** Frees the audio of messages DELIVERED before the cut-off; returns how many were freed. */
    int freeDeliveredAudio(Instant cutOff, int limit);

    /** New (not yet heard) and old (heard) messages of a mailbox, not counting deleted ones. */
    record MessageCounts(int newMessages, int oldMessages) {
        public int total() {
            return newMessages + oldMessages;
        }
    }
}
