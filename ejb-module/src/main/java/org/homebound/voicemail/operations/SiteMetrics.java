package org.homebound.voicemail.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.homebound.telephony.api.LinkStatus;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.email.EmailJob;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.migration.PeerAvailability;
import org.homebound.voicemail.migration.PeerStatus;
import org.jboss.logging.Logger;

/**
 * Homebound's own metrics, in WildFly's Micrometer registry (Prometheus format at /metrics on the
 * management interface, beside the server's). Counters count what committed — a deposit rolled
 * back and redelivered is counted once; gauges read the switch, the availability cache and, at
 * most every few seconds, the database.
 */
@ApplicationScoped
public class SiteMetrics {

    private static final Logger LOG = Logger.getLogger(SiteMetrics.class);
    private static final Duration READING_AGE = Duration.ofSeconds(5);

    @Inject
    MeterRegistry registry;
    @Inject
    SiteReadings readings;
    @Inject
    SiteDirectory directory;
    @Inject
    PeerAvailability availability;
    @Resource(lookup = SwitchConnectionFactory.JNDI_NAME)
    SwitchConnectionFactory switches;
    @Resource
    TransactionSynchronizationRegistry transactions;

    private volatile SiteReadings.Reading reading;
    private final java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> peersWatched = ConcurrentHashMap.newKeySet();

    /** Registers the gauges at deployment, so they are there (at zero) before anything happened. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        keep(Gauge.builder("homebound.calls.active", this, m -> m.switchReading().calls()).description("Calls in progress: recorded, greeted or in the phone menu")
                .register(registry));
        for (String link : new String[] {"sip-trunk", "cti-link"}) {
            keep(Gauge.builder("homebound.link.up", this, m -> m.switchReading().up(link)).tags("link", link)
                    .description("1 while the link to the switch works (cti-link: -1 where none is configured)").register(registry));
        }
        keep(Gauge.builder("homebound.compression.backlog", this, m -> m.reading().compressionBacklog())
                .description("Messages stored here still waiting to be compressed").register(registry));
        for (EmailJob.State state : EmailJob.State.values()) {
            keep(Gauge.builder("homebound.email.outbox", this, m -> m.reading().emails().getOrDefault(state, 0L)).tags("state", state.name())
                    .description("Email jobs by state").register(registry));
        }
        keep(Gauge.builder("homebound.email.failing", this, m -> m.reading().emailsFailing())
                .description("Emails refused for good or waiting to be tried again after a failure").register(registry));
        keep(Gauge.builder("homebound.pin.locked.mailboxes", this, m -> m.reading().lockedMailboxes())
                .description("Mailboxes locked after too many wrong PINs").register(registry));
        directory.snapshot().peers().forEach(p -> watchPeer(p.id()));
        for (String outcome : new String[] {"stored", "sent", "held", "no_message"}) {
            deposits(outcome); // present at zero
        }
        LOG.infof("metrics: %d Homebound meters in the server's registry", registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("homebound.")).count());
    }

    private void watchPeer(String peer) {
        if (!peersWatched.add(peer)) {
            return;
        }
        keep(Gauge.builder("homebound.peer.up", this, m -> m.availability.status(peer).state() == PeerStatus.State.UP ? 1 : 0).tags("peer", peer)
                .description("1 while the peer site answers and its bridge runs").register(registry));
        keep(Gauge.builder("homebound.messages.held", this, m -> m.reading().byHomeSite().getOrDefault(peer, Map.of()).getOrDefault(MessageState.HELD, 0L))
                .tags("peer", peer).description("Messages held here for the peer").register(registry));
        keep(Gauge.builder("homebound.messages.held.oldest.seconds", this, m -> {
            Instant oldest = m.reading().oldestHeld().get(peer);
            return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
        }).tags("peer", peer).description("Age of the oldest message held here for the peer (0: none)").register(registry));
        keep(Gauge.builder("homebound.messages.unconfirmed", this, m -> m.reading().byHomeSite().getOrDefault(peer, Map.of()).getOrDefault(MessageState.SENT, 0L))
                .tags("peer", peer).description("Messages sent to the peer without its receipt yet").register(registry));
    }

    private Counter deposits(String outcome) {
        return keep(Counter.builder("homebound.deposits").tags(Tags.of("outcome", outcome)).description("Calls to voicemail by what became of them")
                .register(registry));
    }

    /** A deposit's outcome (stored here, sent home, held, or no message left), counted once its transaction commits. */
    public void deposited(String outcome, long packetsReceived, long packetsLost) {
        afterCommit(() -> {
            deposits(outcome).increment();
            keep(registry.counter("homebound.rtp.packets.received")).increment(packetsReceived);
            keep(registry.counter("homebound.rtp.packets.lost")).increment(packetsLost);
        });
    }

    /** Messages sent to a peer site (first time or forwarded after being held), counted at commit. */
    public void forwarded(String peer, int count) {
        afterCommit(() -> keep(registry.counter("homebound.messages.forwarded", "peer", peer)).increment(count));
    }

    /** An email attempt failed (retried or refused), counted at commit. */
    public void emailFailed(boolean permanent) {
        afterCommit(() -> keep(registry.counter("homebound.email.failures", "final", String.valueOf(permanent))).increment());
    }

    public void emailSent() {
        afterCommit(() -> keep(registry.counter("homebound.email.sent")).increment());
    }

    private <M extends io.micrometer.core.instrument.Meter> M keep(M meter) {
        if (!meters.contains(meter)) {
            meters.add(meter);
        }
        return meter;
    }

    /** The server's registry outlives this deployment: its meters go with it (a redeploy registers them anew). */
    @jakarta.annotation.PreDestroy
    void stop() {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private void afterCommit(Runnable count) {
        if (transactions.getTransactionKey() == null) {
            count.run();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    count.run();
                }
            }
        });
    }

    private SiteReadings.Reading reading() {
        SiteReadings.Reading r = reading;
        if (r == null || Duration.between(r.at(), Instant.now()).compareTo(READING_AGE) > 0) {
            r = readings.read();
            reading = r;
            r.byHomeSite().keySet().stream().filter(directory.snapshot()::isPeer).forEach(this::watchPeer);
        }
        return r;
    }

    private record SwitchReading(int calls, Map<String, Boolean> links) {
        double up(String link) {
            Boolean up = links.get(link);
            return up == null ? -1 : up ? 1 : 0;
        }
    }

    private SwitchReading switchReading() {
        try (SwitchConnection sw = switches.getConnection()) {
            Map<String, Boolean> links = new ConcurrentHashMap<>();
            for (LinkStatus l : sw.links()) {
                links.put(l.name(), l.up());
            }
            return new SwitchReading(sw.activeCalls(), links);
        } catch (RuntimeException e) {
            return new SwitchReading(0, Map.of());
        }
    }
}
