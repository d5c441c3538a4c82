package org.homebound.voicemail.operations;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import jakarta.ejb.Local;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.migration.PeerAvailability;
import org.homebound.voicemail.migration.PeerStatus;

/**
 * Each peer's availability in a line, for the readiness check in lib/ (which cannot see this
 * jar's classes, hence a JDK interface as the view: java:global/homebound/homebound-ejb/PeerReport).
 */
@Stateless
@Local(Supplier.class)
public class PeerReport implements Supplier<Map<String, String>> {

    @Inject
    SiteDirectory directory;
    @Inject
    PeerAvailability availability;

    @Override
    public Map<String, String> get() {
        Map<String, String> report = new TreeMap<>();
        for (var peer : directory.snapshot().peers()) {
            PeerStatus s = availability.status(peer.id());
            report.put(peer.id(), s.state() + (s.detail() == null ? "" : " (" + s.detail() + ")") + (s.alarm() ? " ALARM" : ""));
        }
        return report;
    }
}
