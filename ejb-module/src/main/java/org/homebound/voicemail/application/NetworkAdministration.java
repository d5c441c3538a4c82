package org.homebound.voicemail.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.configuration.DirectorySnapshot;
import org.homebound.voicemail.configuration.NetworkDescription;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.domain.site.Site;
import org.homebound.voicemail.domain.site.SiteRepository;
import org.homebound.voicemail.extensions.DialPlan;
import org.homebound.voicemail.migration.ForwardingCoordinator;
import org.homebound.voicemail.migration.PeerAvailability;
import org.homebound.voicemail.migration.PeerStatus;
import org.jboss.logging.Logger;

/**
 * The administrator's view of the network: sites with their availability and message counts,
 * the directory (extension ranges, overrides), messages by state, a message's trace, and
 * "forward now". Directory changes take effect at once, without a restart.
 */
@Stateless
public class NetworkAdministration {

    private static final Logger LOG = Logger.getLogger(NetworkAdministration.class);
    private static final int MAX_PAGE = 500;

    @Inject
    SiteDirectory directory;
    @Inject
    SiteRepository sites;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    PeerAvailability availability;
    @Inject
    ForwardingCoordinator forwarding;
    @Inject
    AudioCodec codec;
    @Inject
    DialPlan dialPlan;

    /** A site, its availability as this site sees it, and how many messages for it are in each state here. */
    public record SiteView(String id, String name, boolean local, String apiAddress, String messagingAddress, String availability,
                           Instant since, Instant lastSeen, String detail, boolean alarm, Map<MessageState, Long> messages) {
    }

    public record RangeView(String first, String last, String site) {
    }

    public record DirectoryView(List<RangeView> ranges, Map<String, String> overrides) {
    }

    public record MessageSummary(UUID id, String extension, String homeSite, String recordingSite, String state, String stateDetail,
                                 Instant stateChangedAt, String from, Instant receivedAt, long durationMillis, String audioFormat,
                                 long audioBytes) {
    }

    public record TraceEvent(Instant at, String state, String detail) {
    }

    public record Trace(MessageSummary message, String where, boolean audioHere, List<TraceEvent> history) {
    }

    public List<SiteView> sites() {
        Map<String, Map<MessageState, Long>> counts = messages.countsByHomeSite();
        return sites.findAll().stream().map(s -> view(s, counts.getOrDefault(s.getId(), Map.of()))).toList();
    }

    public SiteView site(String id) {
        return view(find(id), messages.countsByHomeSite().getOrDefault(id, Map.of()));
    }

    /** Adds a peer or changes a site's name and addresses. A new peer also needs its bridge (homebound-network). */
    public SiteView putSite(String id, String name, String apiAddress, String messagingAddress) {
        DirectorySnapshot.SiteEntry entry;
        try {
            entry = NetworkDescription.site(id, name, apiAddress, messagingAddress);
        } catch (IllegalArgumentException e) {
            throw VoicemailException.invalid(e.getMessage());
        }
        Site site = directory.putSite(entry);
        LOG.infof("site %s (%s) set: API %s, messaging %s", id, entry.name(), entry.apiAddress(), entry.messagingAddress());
        return view(site, Map.of());
    }

    public DirectoryView directoryView() {
        DirectorySnapshot snapshot = directory.snapshot();
        return new DirectoryView(snapshot.ranges().stream().map(r -> new RangeView(r.first(), r.last(), r.siteId())).toList(),
                new TreeMap<>(snapshot.overrides()));
    }

    public DirectoryView replaceRanges(List<RangeView> ranges) {
        List<DirectorySnapshot.Range> parsed = new ArrayList<>();
        for (RangeView r : ranges) {
            find(r.site());
            try {
                parsed.add(new DirectorySnapshot.Range(r.first(), r.last(), r.site()));
            } catch (IllegalArgumentException e) {
                throw VoicemailException.invalid(e.getMessage());
            }
        }
        try {
            DirectorySnapshot.checkOverlaps(parsed);
        } catch (IllegalArgumentException e) {
            throw VoicemailException.invalid(e.getMessage());
        }
        directory.replaceRanges(parsed);
        LOG.infof("extension ranges replaced: %s", parsed);
        return directoryView();
    }

    public DirectoryView putOverride(String extension, String siteId) {
        if (!dialPlan.isExtension(extension)) {
            throw VoicemailException.invalid("'" + extension + "' is not an extension of this dial plan");
        }
        find(siteId);
        directory.putOverride(extension, siteId);
        LOG.infof("mailbox %s now homed at site %s (override)", extension, siteId);
        return directoryView();
    }

    public DirectoryView removeOverride(String extension) {
        if (!directory.removeOverride(extension)) {
            throw VoicemailException.notFound("no override for " + extension);
        }
        LOG.infof("override for %s removed", extension);
        return directoryView();
    }

    public List<MessageSummary> messages(MessageState state, String homeSite, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw VoicemailException.invalid("offset must be >= 0 and limit 1-" + MAX_PAGE);
        }
        return messages.inState(state, homeSite, offset, limit).stream().map(NetworkAdministration::summary).toList();
    }

    public Trace trace(UUID id) {
        VoiceMessage m = messages.find(id).orElseThrow(() -> VoicemailException.notFound("site " + directory.localSiteId()
                + " has no message " + id));
        boolean audio = messages.hasAudio(id);
        String where = switch (m.getState()) {
            case STORED -> "in mailbox " + m.getExtension() + " at this site (" + directory.localSiteId() + ")";
            case RECORDED, HELD -> "held at this site (" + directory.localSiteId() + ") for home site " + m.getHomeSite();
            case SENT -> "on its way to home site " + m.getHomeSite() + " (no receipt yet)";
            case DELIVERED -> "at home site " + m.getHomeSite() + (audio ? "; a copy is kept here until its retention ends" : "");
            case UNDELIVERABLE -> "at this site (" + directory.localSiteId() + "): home site " + m.getHomeSite() + " refused it";
        };
        List<TraceEvent> history = messages.history(id).stream()
                .map(e -> new TraceEvent(e.getAt(), e.getState().name(), e.getDetail())).toList();
        return new Trace(summary(m), where, audio, history);
    }

    /** Any message's audio at this site, e.g. one held for a site that is down. */
    public byte[] audio(UUID id, AudioCodec.AudioFile file) {
        VoiceMessage m = messages.find(id).orElseThrow(() -> VoicemailException.notFound("no message " + id));
        MessageAudio audio = messages.audioOf(id).orElseThrow(() -> VoicemailException.notFound("the audio of message " + id
                + " is no longer at this site (" + m.getState() + ")"));
        return codec.toFile(file, audio.formatOr(m.getAudioFormat()), audio.getData());
    }

    /** Sends the messages held for a peer now, into the store-and-forward queue, whatever the monitor thinks of it. */
    public Map<String, Object> forwardNow(String siteId) {
        Site site = find(siteId);
        if (site.isLocal()) {
            throw VoicemailException.invalid("site " + siteId + " is this site; nothing is held for it");
        }
        boolean started = forwarding.forward(siteId, true);
        long held = messages.countsByHomeSite().getOrDefault(siteId, Map.of()).getOrDefault(MessageState.HELD, 0L);
        LOG.infof("administrator: forward now to site %s (%d held, run %s)", siteId, held, started ? "started" : "already running");
        return Map.of("site", siteId, "held", held, "started", started);
    }

    private Site find(String id) {
        return sites.find(id).orElseThrow(() -> VoicemailException.notFound("no site " + id + " in the directory"));
    }

    private SiteView view(Site s, Map<MessageState, Long> counts) {
        Map<MessageState, Long> all = new EnumMap<>(MessageState.class);
        all.putAll(counts);
        if (s.isLocal()) {
            return new SiteView(s.getId(), s.getName(), true, s.getApiAddress(), s.getMessagingAddress(), "LOCAL", null, null, null,
                    false, all);
        }
        PeerStatus p = availability.status(s.getId());
        return new SiteView(s.getId(), s.getName(), false, s.getApiAddress(), s.getMessagingAddress(), p.state().name(), p.since(),
                p.lastSeen(), p.detail(), p.alarm(), all);
    }

    private static MessageSummary summary(VoiceMessage m) {
        return new MessageSummary(m.getId(), m.getExtension(), m.getHomeSite(), m.getRecordingSite(), m.getState().name(),
                m.getStateDetail(), m.getStateChangedAt(), m.getCallerNumber(), m.getReceivedAt(), m.getDurationMillis(),
                m.getAudioFormat().name(), m.getAudioBytes());
    }
}
