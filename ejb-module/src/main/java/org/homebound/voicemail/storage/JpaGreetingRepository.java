package org.homebound.voicemail.storage;

import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.greeting.Greeting;
import org.homebound.voicemail.domain.greeting.GreetingRepository;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaGreetingRepository implements GreetingRepository {

    @PersistenceContext(unitName = "homebound")
    EntityManager em;

    @Override
    public Optional<Greeting> find(String extension) {
        return Optional.ofNullable(em.find(Greeting.class, extension));
    }

    @Override
    public void add(Greeting greeting) {
        em.persist(greeting);
    }

    @Override
    public void remove(Greeting greeting) {
        em.remove(greeting);
    }

    @Override
    public List<String> ownedBy(String siteId) {
        return em.createQuery("select g.extension from Greeting g where g.homeSite = :site order by g.extension", String.class)
                .setParameter("site", siteId).getResultList();
    }
}
