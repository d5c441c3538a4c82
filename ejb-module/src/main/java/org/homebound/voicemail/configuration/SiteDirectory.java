package org.homebound.voicemail.configuration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.domain.mailbox.Mailbox;

/**
 * Where a mailbox lives (claim 6: "querying a configuration module for a location"). A mailbox's
 * own override wins; with none, the mailbox is homed at this site. Extension ranges of other
 * sites join the directory with the multi-site network.
 */
@ApplicationScoped
public class SiteDirectory {

    @Inject
    HomeboundSettings settings;

    public String localSiteId() {
        return settings.siteId();
    }

    public String homeSiteOf(Mailbox mailbox) {
        String override = mailbox.getHomeSite();
        return override == null || override.isBlank() ? settings.siteId() : override;
    }

    public boolean isLocal(String siteId) {
        return settings.siteId().equals(siteId);
    }
}
