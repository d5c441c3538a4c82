package org.homebound.voicemail.configuration;

import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.homebound.voicemail.extensions.DialPlan;

/**
 * This site's settings, read once from system properties that the start script (or the server
 * configuration) sets. Every property has a working default for a single embedded site.
 */
@ApplicationScoped
public class HomeboundSettings {

    private final String siteId = property("homebound.site.id", "site1");
    private final String siteName = property("homebound.site.name", siteId);
    private final String pilotNumber = property("homebound.pilot", "8000");
    private final Duration maximumMessageLength = Duration.ofSeconds(Long.parseLong(property("homebound.recording.max-seconds", "180")));
    private final int defaultQuota = Integer.parseInt(property("homebound.mailbox.default-quota", "100"));
    private final DialPlan dialPlan = DialPlan.parse(property("homebound.dialplan.prefixes", ""),
            property("homebound.dialplan.digits", "2-8"), property("homebound.dialplan.ranges", ""));

    private static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    public String siteId() {
        return siteId;
    }

    public String siteName() {
        return siteName;
    }

    /** The number subscribers dial to reach voicemail directly. */
    public String pilotNumber() {
        return pilotNumber;
    }

    public Duration maximumMessageLength() {
        return maximumMessageLength;
    }

    public int defaultQuota() {
        return defaultQuota;
    }

    @Produces
    public DialPlan dialPlan() {
        return dialPlan;
    }
}
