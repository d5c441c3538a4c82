package org.homebound.voicemail.storage;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.email.EmailJob;
import org.homebound.voicemail.domain.email.EmailJobRepository;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaEmailJobRepository implements EmailJobRepository {

    /** Hibernate's lock timeout meaning SKIP LOCKED (on PostgreSQL; H2 waits instead). */
    private static final int SKIP_LOCKED = -2;

    @PersistenceContext(unitName = "homebound")
    EntityManager em;

    @Override
    public void add(EmailJob job) {
        em.persist(job);
    }

    @Override
    public Optional<EmailJob> find(UUID messageId) {
        return Optional.ofNullable(em.find(EmailJob.class, messageId));
    }

    @Override
    public List<EmailJob> lockDue(Instant now, int limit) {
        return em.createQuery("select j from EmailJob j where j.state = :pending and j.nextAttemptAt <= :now order by j.nextAttemptAt",
                        EmailJob.class)
                .setParameter("pending", EmailJob.State.PENDING).setParameter("now", now)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .setMaxResults(limit).getResultList();
    }

    @Override
    public List<EmailJob> inState(EmailJob.State state, int limit) {
        return em.createQuery("select j from EmailJob j where j.state = :state order by j.createdAt", EmailJob.class)
                .setParameter("state", state).setMaxResults(limit).getResultList();
    }

    @Override
    public List<EmailJob> list(String extension, List<EmailJob.State> states, int limit) {
        return em.createQuery("select j from EmailJob j where (:ext is null or j.extension = :ext) and j.state in :states"
                        + " order by j.createdAt desc", EmailJob.class)
                .setParameter("ext", extension).setParameter("states", states).setMaxResults(limit).getResultList();
    }

    @Override
    public Map<EmailJob.State, Long> countsByState() {
        Map<EmailJob.State, Long> counts = new EnumMap<>(EmailJob.State.class);
        for (EmailJob.State s : EmailJob.State.values()) {
            counts.put(s, 0L);
        }
        em.createQuery("select j.state, count(j) from EmailJob j group by j.state", Object[].class).getResultList()
                .forEach(row -> counts.put((EmailJob.State) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    @Override
    public Map<String, Long> failingByMailbox() {
        Map<String, Long> failing = new java.util.HashMap<>();
        em.createQuery("select j.extension, count(j) from EmailJob j where j.state = :failed"
                        + " or (j.state = :pending and j.attempts > 0) group by j.extension", Object[].class)
                .setParameter("failed", EmailJob.State.FAILED).setParameter("pending", EmailJob.State.PENDING).getResultList()
                .forEach(row -> failing.put((String) row[0], ((Number) row[1]).longValue()));
        return failing;
    }

    @Override
    public Optional<Instant> oldestUnsent() {
        return Optional.ofNullable(em.createQuery("select min(j.createdAt) from EmailJob j where j.state <> :sent", Instant.class)
                .setParameter("sent", EmailJob.State.SENT).getSingleResult());
    }

    @Override
    public int removeSentBefore(Instant cutOff) {
        return em.createQuery("delete from EmailJob j where j.state = :sent and j.sentAt < :cutOff")
                .setParameter("sent", EmailJob.State.SENT).setParameter("cutOff", cutOff).executeUpdate();
    }
}
