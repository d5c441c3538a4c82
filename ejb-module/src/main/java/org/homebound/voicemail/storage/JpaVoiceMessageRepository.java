package org.homebound.voicemail.storage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaVoiceMessageRepository implements VoiceMessageRepository {

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
    public List<VoiceMessage> findByMailbox(Mailbox mailbox) {
        return em.createQuery("select m from VoiceMessage m where m.mailbox = :mb order by m.receivedAt, m.id", VoiceMessage.class)
                .setParameter("mb", mailbox).getResultList();
    }

    @Override
    public Optional<MessageAudio> audioOf(UUID id) {
        return Optional.ofNullable(em.find(MessageAudio.class, id));
    }

    @Override
    public void add(VoiceMessage message, MessageAudio audio) {
        em.persist(message);
        em.persist(audio);
    }

    @Override
    public void remove(VoiceMessage message) {
        MessageAudio audio = em.find(MessageAudio.class, message.getId());
        if (audio != null) {
            em.remove(audio);
        }
        em.remove(message);
    }

    @Override
    public MessageCounts countFor(Mailbox mailbox) {
        List<Object[]> rows = em.createQuery(
                "select m.heard, count(m) from VoiceMessage m where m.mailbox = :mb group by m.heard", Object[].class)
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
