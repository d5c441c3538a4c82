package org.homebound.voicemail.storage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaMailboxRepository implements MailboxRepository {

    @PersistenceContext(unitName = "homebound")
    EntityManager em;

    @Override
    public Optional<Mailbox> findByExtension(String extension) {
        return em.createQuery("select m from Mailbox m where m.extension = :e", Mailbox.class)
                .setParameter("e", extension).getResultStream().findFirst();
    }

    @Override
    public Map<String, Mailbox> findByExtensions(Collection<String> extensions) {
        if (extensions.isEmpty()) {
            return Map.of();
        }
        return em.createQuery("select m from Mailbox m where m.extension in :e", Mailbox.class).setParameter("e", extensions).getResultStream()
                .collect(Collectors.toMap(Mailbox::getExtension, m -> m));
    }

    @Override
    public List<Mailbox> findAll() {
        return em.createQuery("select m from Mailbox m order by m.extension", Mailbox.class).getResultList();
    }

    @Override
    public void add(Mailbox mailbox) {
        em.persist(mailbox);
    }
}
