package org.homebound.voicemail.domain.site;

import java.util.List;
import java.util.Optional;

public interface SiteRepository {

    Optional<Site> find(String id);

    List<Site> findAll();

    void add(Site site);
}
