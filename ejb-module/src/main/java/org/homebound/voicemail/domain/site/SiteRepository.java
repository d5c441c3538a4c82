package org.homebound.voicemail.domain.site;

import java.util.List;
import java.util.Optional;

/** The site directory's tables: sites, extension ranges and per-mailbox overrides. */
public interface SiteRepository {

    Optional<Site> find(String id);

    List<Site> findAll();

    void add(Site site);

    void remove(Site site);

    List<ExtensionRange> ranges();

    void replaceRanges(List<ExtensionRange> ranges);

    List<HomeOverride> overrides();

    Optional<HomeOverride> override(String extension);

    void add(HomeOverride override);

    void remove(HomeOverride override);
}
