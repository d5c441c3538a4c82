package org.homebound.voicemail.storage;

import java.util.List;
import java.util.Optional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.homebound.voicemail.domain.site.ExtensionRange;
import org.homebound.voicemail.domain.site.HomeOverride;
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

    @Override
    public void remove(Site site) {
        em.remove(site);
    }

    @Override
    public List<ExtensionRange> ranges() {
        return em.createQuery("select r from ExtensionRange r order by r.first", ExtensionRange.class).getResultList();
    }

    @Override
    public void replaceRanges(List<ExtensionRange> ranges) {
        em.createQuery("delete from ExtensionRange").executeUpdate();
        ranges.forEach(em::persist);
    }

    @Override
    public List<HomeOverride> overrides() {
        return em.createQuery("select o from HomeOverride o order by o.extension", HomeOverride.class).getResultList();
    }

    @Override
    public Optional<HomeOverride> override(String extension) {
        return Optional.ofNullable(em.find(HomeOverride.class, extension));
    }

    @Override
    public void add(HomeOverride override) {
        em.persist(override);
    }

    @Override
    public void remove(HomeOverride override) {
        em.remove(override);
    }
}
