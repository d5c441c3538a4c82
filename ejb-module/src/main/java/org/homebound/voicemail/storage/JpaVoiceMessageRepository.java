package org.homebound.voicemail.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.message.AudioFormat;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.MessageEvent;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaVoiceMessageRepository implements VoiceMessageRepository {

    /** Hibernate's query hint for entities loaded without a snapshot for dirty checking. */
    private static final String READ_ONLY = "org.hibernate.readOnly";

    @PersistenceContext(unitName = "homebound")
    EntityManager em;

    @Override
    public boolean exists(UUID id) {
        return em.find(VoiceMessage.class, id) != null;
    }

    @Override
    public Optional<VoiceMessage> find(UUID id) {
        return Optional.ofNullable(em.find(VoiceMessage.class, id));
    }

    @Override
    public Map<UUID, VoiceMessage> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select m from VoiceMessage m where m.id in :ids", VoiceMessage.class).setParameter("ids", ids)
                .getResultStream().collect(Collectors.toMap(VoiceMessage::getId, m -> m));
    }

    @Override
    public List<VoiceMessage> findByMailbox(Mailbox mailbox) {
        return em.createQuery("select m from VoiceMessage m where m.mailbox = :mb and m.deletedAt is null order by m.receivedAt, m.id",
                VoiceMessage.class).setParameter("mb", mailbox).getResultList();
    }

    @Override
    public List<VoiceMessage> deletedInMailbox(Mailbox mailbox) {
        return em.createQuery("select m from VoiceMessage m where m.mailbox = :mb and m.deletedAt is not null order by m.deletedAt desc, m.id",
                VoiceMessage.class).setParameter("mb", mailbox).getResultList();
    }

    @Override
    public List<VoiceMessage> deletedBefore(Instant cutOff, int limit) {
        return em.createQuery("select m from VoiceMessage m where m.deletedAt < :cut order by m.deletedAt, m.id", VoiceMessage.class)
                .setParameter("cut", cutOff).setMaxResults(limit).getResultList();
    }

    /**
     * Read-only: audio is never changed through the entity (only by replaceUncompressed), so Hibernate keeps no snapshot of it and
     * does not compare hundreds of kilobytes at every flush (measured on the forwarder's path).
     */
    @Override
    public Optional<MessageAudio> audioOf(UUID id) {
        return em.createQuery("select a from MessageAudio a where a.messageId = :id", MessageAudio.class)
                .setParameter("id", id).setHint(READ_ONLY, true).getResultStream().findFirst();
    }

    @Override
    public Map<UUID, MessageAudio> audioOf(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select a from MessageAudio a where a.messageId in :ids", MessageAudio.class)
                .setParameter("ids", ids).setHint(READ_ONLY, true).getResultStream()
                .collect(Collectors.toMap(MessageAudio::getMessageId, a -> a));
    }

    @Override
    public boolean hasAudio(UUID id) {
        return em.createQuery("select count(a) from MessageAudio a where a.messageId = :id", Long.class)
                .setParameter("id", id).getSingleResult() > 0;
    }

    @Override
    public List<UUID> uncompressedInMailboxes(int limit) {
        return em.createQuery("select m.id from VoiceMessage m, MessageAudio a where a.messageId = m.id and m.state = :stored"
                        + " and (a.format is null or a.format <> :compressed) order by m.receivedAt, m.id", UUID.class)
                .setParameter("stored", MessageState.STORED).setParameter("compressed", AudioFormat.OGG_OPUS)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public boolean replaceUncompressed(UUID id, AudioFormat format, byte[] data) {
        int replaced = em.createQuery("update MessageAudio a set a.format = :format, a.data = :data"
                        + " where a.messageId = :id and (a.format is null or a.format <> :compressed)")
                .setParameter("format", format).setParameter("data", data).setParameter("id", id)
                .setParameter("compressed", AudioFormat.OGG_OPUS).executeUpdate();
        if (replaced == 0) {
            return false;
        }
        // Not versioned: VoiceMessage is @DynamicUpdate, so a concurrent update of the message writes
        // only the columns it changed and cannot put the old format back.
        em.createQuery("update VoiceMessage m set m.audioFormat = :format, m.audioBytes = :bytes where m.id = :id")
                .setParameter("format", format).setParameter("bytes", (long) data.length).setParameter("id", id).executeUpdate();
        return true;
    }

    @Override
    public void add(VoiceMessage message, MessageAudio audio) {
        em.persist(message);
        em.persist(audio);
    }

    @Override
    public void recordEvent(VoiceMessage message, String detail) {
        em.persist(new MessageEvent(message.getId(), message.getState(), detail));
    }

    @Override
    public List<MessageEvent> history(UUID id) {
        return em.createQuery("select e from MessageEvent e where e.messageId = :id order by e.id", MessageEvent.class)
                .setParameter("id", id).getResultList();
    }

    @Override
    public List<UUID> idsInState(MessageState state, String homeSite, int limit, long maxBytes) {
        return withinBytes(em.createQuery("select m.id, m.audioBytes from VoiceMessage m where m.state = :state and m.homeSite = :site"
                        + " order by m.receivedAt, m.id", Object[].class)
                .setParameter("state", state).setParameter("site", homeSite).setMaxResults(limit).getResultList(), maxBytes);
    }

    /** The ids of (id, audio size) rows, in order, while their audio adds up to at most maxBytes; always the first. */
    static List<UUID> withinBytes(List<Object[]> rows, long maxBytes) {
        List<UUID> ids = new ArrayList<>();
        long bytes = 0;
        for (Object[] row : rows) {
            bytes += ((Number) row[1]).longValue();
            if (!ids.isEmpty() && bytes > maxBytes) {
                break;
            }
            ids.add((UUID) row[0]);
        }
        return ids;
    }

    @Override
    public List<UUID> unconfirmedSince(Instant cutOff, Collection<String> homeSites, int limit, long maxBytes) {
        if (homeSites.isEmpty()) {
            return List.of();
        }
        return withinBytes(em.createQuery("select m.id, m.audioBytes from VoiceMessage m where m.state = :state and m.stateChangedAt < :cut"
                        + " and m.homeSite in :sites order by m.receivedAt, m.id", Object[].class)
                .setParameter("state", MessageState.SENT).setParameter("cut", cutOff).setParameter("sites", homeSites)
                .setMaxResults(limit).getResultList(), maxBytes);
    }

    @Override
    public List<VoiceMessage> inState(MessageState state, String homeSite, int offset, int limit) {
        return em.createQuery("select m from VoiceMessage m where m.state = :state and (:site is null or m.homeSite = :site)"
                        + " order by m.receivedAt, m.id", VoiceMessage.class)
                .setParameter("state", state).setParameter("site", homeSite).setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    @Override
    public Map<String, Instant> oldestInState(MessageState state) {
        Map<String, Instant> oldest = new TreeMap<>();
        em.createQuery("select m.homeSite, min(m.stateChangedAt) from VoiceMessage m where m.state = :state group by m.homeSite", Object[].class)
                .setParameter("state", state).getResultList().forEach(row -> oldest.put((String) row[0], (Instant) row[1]));
        return oldest;
    }

    @Override
    public long uncompressedCount() {
        // As uncompressedInMailboxes counts them: what the compressor has yet to do.
        return em.createQuery("select count(m) from VoiceMessage m, MessageAudio a where a.messageId = m.id and m.state = :stored"
                        + " and (a.format is null or a.format <> :compressed)", Long.class)
                .setParameter("stored", MessageState.STORED).setParameter("compressed", AudioFormat.OGG_OPUS).getSingleResult();
    }

    @Override
    public Map<String, Map<MessageState, Long>> countsByHomeSite() {
        Map<String, Map<MessageState, Long>> counts = new TreeMap<>();
        for (Object[] row : em.createQuery("select m.homeSite, m.state, count(m) from VoiceMessage m group by m.homeSite, m.state", Object[].class)
                .getResultList()) {
            counts.computeIfAbsent((String) row[0], k -> new EnumMap<>(MessageState.class)).put((MessageState) row[1], ((Number) row[2]).longValue());
        }
        return counts;
    }

    @Override
    public int freeDeliveredAudio(Instant cutOff, int limit) {
        List<UUID> ids = em.createQuery("select m.id from VoiceMessage m where m.state = :state and m.stateChangedAt < :cut"
                        + " and exists (select a from MessageAudio a where a.messageId = m.id)", UUID.class)
                .setParameter("state", MessageState.DELIVERED).setParameter("cut", cutOff).setMaxResults(limit).getResultList();
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createQuery("delete from MessageAudio a where a.messageId in :ids").setParameter("ids", ids).executeUpdate();
    }

    @Override
    public void remove(VoiceMessage message) {
        MessageAudio audio = em.find(MessageAudio.class, message.getId());
        if (audio != null) {
            em.remove(audio);
        }
        em.createQuery("delete from MessageEvent e where e.messageId = :id").setParameter("id", message.getId()).executeUpdate();
        em.remove(message);
    }

    @Override
    public MessageCounts countFor(Mailbox mailbox) {
        return counts(mailbox, "");
    }

    @Override
    public Map<String, Integer> totalsFor(Collection<Mailbox> mailboxes) {
        if (mailboxes.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select mb.extension, count(m) from VoiceMessage m join m.mailbox mb where mb in :mbs and m.deletedAt is null"
                        + " group by mb.extension", Object[].class).setParameter("mbs", mailboxes).getResultStream()
                .collect(Collectors.toMap(row -> (String) row[0], row -> ((Number) row[1]).intValue()));
    }

    @Override
    public MessageCounts lampCountFor(Mailbox mailbox) {
        return counts(mailbox, " and not exists (select j from EmailJob j where j.messageId = m.id and j.withholdsLamp = true)");
    }

    private MessageCounts counts(Mailbox mailbox, String condition) {
        List<Object[]> rows = em.createQuery(
                "select m.heard, count(m) from VoiceMessage m where m.mailbox = :mb and m.deletedAt is null" + condition + " group by m.heard",
                        Object[].class)
                .setParameter("mb", mailbox).getResultList();
        int heard = 0;
        int unheard = 0;
        for (Object[] row : rows) {
            int n = ((Number) row[1]).intValue();
            if (Boolean.TRUE.equals(row[0])) {
                heard = n;
            } else {
                unheard = n;
            }
        }
        return new MessageCounts(unheard, heard);
    }
}
