package org.homebound.voicemail.storage;

import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.site.Site;
import org.homebound.voicemail.domain.site.SiteRepository;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JpaSiteRepository implements SiteRepository {

    @PersistenceContext(unitName = "homebound")
    EntityManager em;

    @Override
    public Optional<Site> find(String id) {
        return Optional.ofNullable(em.find(Site.class, id));
    }

    @Override
    public List<Site> findAll() {
        return em.createQuery("select s from Site s order by s.id", Site.class).getResultList();
    }

    @Override
    public void add(Site site) {
        em.persist(site);
    }
}
