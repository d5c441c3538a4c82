package org.homebound.voicemail.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.homebound.telephony.api.LinkStatus;
import org.homebound.telephony.api.SetupLatencies;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.voicemail.application.SiteRole;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.email.EmailJob;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.migration.PeerAvailability;
import org.homebound.voicemail.migration.PeerStatus;
import org.jboss.logging.Logger;

/**
 * Homebound's own metrics, in WildFly's Micrometer registry (Prometheus text at /metrics on the
 * management interface, beside the server's). Counters count what committed — a deposit rolled
 * back and redelivered is counted once; gauges read the switch, the availability cache and, at
 * most every few seconds, the database.
 * <p>
 * Only the registry's own counter() and gauge() are used: the registry WildFly gives a deployment
 * passes those to the server's registry with the deployment's tag, while meters made with the
 * builders (Gauge.builder(...).register) stay in a private registry that nobody exports.
 */
@ApplicationScoped
public class SiteMetrics {

    private static final Logger LOG = Logger.getLogger(SiteMetrics.class);
    private static final Duration READING_AGE = Duration.ofSeconds(5);
    private static final Duration SWITCH_READING_AGE = Duration.ofSeconds(1);

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
    private final Set<String> peersWatched = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Every meter registered, to remove them at undeploy. */
    private final Set<Registered> registered = ConcurrentHashMap.newKeySet();
    /** Counters by name and tags: an increment (one per forwarded message) finds its counter without asking the registry. */
    private final Map<Registered, Counter> counters = new ConcurrentHashMap<>();

    private record Registered(String name, Tags tags) {
    }

    /** Registers the gauges once at deployment (each module of the EAR announces its start), at zero before anything happened. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        gauge("homebound.calls.active", Tags.empty(), m -> m.switchReading().calls());
        setupHistogram();
        for (String link : new String[] {"sip-trunk", "cti-link"}) {
            gauge("homebound.link.up", Tags.of("link", link), m -> m.switchReading().up(link));
        }
        gauge("homebound.compression.backlog", Tags.empty(), m -> m.reading().compressionBacklog());
        for (EmailJob.State state : EmailJob.State.values()) {
            gauge("homebound.email.outbox", Tags.of("state", state.name()), m -> m.reading().emails().getOrDefault(state, 0L));
        }
        gauge("homebound.email.failing", Tags.empty(), m -> m.reading().emailsFailing());
        gauge("homebound.pin.locked.mailboxes", Tags.empty(), m -> m.reading().lockedMailboxes());
        gauge("homebound.site.role", Tags.empty(), m -> SiteRole.held() ? 1 : 0);
        directory.snapshot().peers().forEach(p -> watchPeer(p.id()));
        for (String outcome : new String[] {"stored", "sent", "held", "no_message"}) {
            counter("homebound.deposits", Tags.of("outcome", outcome)); // present at zero
        }
        counter("homebound.rtp.packets.received", Tags.empty());
        counter("homebound.rtp.packets.lost", Tags.empty());
        counter("homebound.email.sent", Tags.empty());
        counter("homebound.email.failures", Tags.of("final", "true"));
        counter("homebound.email.failures", Tags.of("final", "false"));
        LOG.infof("metrics: %d Homebound meters registered", registered.size());
    }

    /**
     * INVITE to 200 OK as the adapter measured it, as a Prometheus histogram kept in counters: calls
     * answered within each bound ("le"; histogram_quantile works on them), all of them, and their time
     * added up. The registry WildFly hands a deployment exports no histogram of its own making (see
     * above), and its Prometheus names drop a "bucket" suffix, hence these names.
     */
    private void setupHistogram() {
        List<Double> bounds = SetupLatencies.BOUNDS;
        for (int i = 0; i <= bounds.size(); i++) {
            int bucket = i;
            Tags tags = Tags.of("le", i == bounds.size() ? "+Inf" : String.valueOf(bounds.get(i)));
            registry.more().counter("homebound.call.setup.answered.within", tags, this, m -> m.switchReading().latencies().within(bucket));
            registered.add(new Registered("homebound.call.setup.answered.within", tags));
        }
        registry.more().counter("homebound.call.setup.answered", Tags.empty(), this, m -> m.switchReading().latencies().count());
        registry.more().counter("homebound.call.setup.time.seconds", Tags.empty(), this, m -> m.switchReading().latencies().sumSeconds());
        registered.add(new Registered("homebound.call.setup.answered", Tags.empty()));
        registered.add(new Registered("homebound.call.setup.time.seconds", Tags.empty()));
        registry.more().counter("homebound.calls.refused.busy", Tags.empty(), this, m -> m.switchReading().refusedBusy());
        registered.add(new Registered("homebound.calls.refused.busy", Tags.empty()));
    }

    private void watchPeer(String peer) {
        if (!peersWatched.add(peer)) {
            return;
        }
        Tags tags = Tags.of("peer", peer);
        gauge("homebound.peer.up", tags, m -> m.availability.status(peer).state() == PeerStatus.State.UP ? 1 : 0);
        gauge("homebound.messages.held", tags, m -> m.reading().byHomeSite().getOrDefault(peer, Map.of()).getOrDefault(MessageState.HELD, 0L));
        gauge("homebound.messages.held.oldest.seconds", tags, m -> {
            Instant oldest = m.reading().oldestHeld().get(peer);
            return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
        });
        gauge("homebound.messages.unconfirmed", tags, m -> m.reading().byHomeSite().getOrDefault(peer, Map.of()).getOrDefault(MessageState.SENT, 0L));
        counter("homebound.messages.forwarded", tags);
    }

    private void gauge(String name, Tags tags, ToDoubleFunction<SiteMetrics> value) {
        registry.gauge(name, tags, this, value);
        registered.add(new Registered(name, tags));
    }

    private Counter counter(String name, Tags tags) {
        return counters.computeIfAbsent(new Registered(name, tags), r -> {
            registered.add(r);
            return registry.counter(name, tags);
        });
    }

    /** The server's registry outlives this deployment: its meters go with it (a redeploy registers them anew). */
    @PreDestroy
    void stop() {
        for (Registered r : registered) {
            registry.find(r.name()).tags(r.tags()).meters().forEach(registry::remove);
        }
        registered.clear();
        counters.clear();
    }

    /** A deposit's outcome (stored here, sent home, held, or no message left), counted once its transaction commits. */
    public void deposited(String outcome, long packetsReceived, long packetsLost) {
        afterCommit(() -> {
            counter("homebound.deposits", Tags.of("outcome", outcome)).increment();
            counter("homebound.rtp.packets.received", Tags.empty()).increment(packetsReceived);
            counter("homebound.rtp.packets.lost", Tags.empty()).increment(packetsLost);
        });
    }

    /** Messages sent to a peer site (first time or forwarded after being held), counted at commit. */
    public void forwarded(String peer, int count) {
        afterCommit(() -> counter("homebound.messages.forwarded", Tags.of("peer", peer)).increment(count));
    }

    /** An email attempt failed (retried or refused for good), counted at commit. */
    public void emailFailed(boolean permanent) {
        afterCommit(() -> counter("homebound.email.failures", Tags.of("final", String.valueOf(permanent))).increment());
    }

    public void emailSent() {
        afterCommit(() -> counter("homebound.email.sent", Tags.empty()).increment());
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
            // Peers known by now (the network file is imported after deployment) and any the messages name.
            directory.snapshot().peers().forEach(p -> watchPeer(p.id()));
            r.byHomeSite().keySet().stream().filter(directory.snapshot()::isPeer).forEach(this::watchPeer);
        }
        return r;
    }

    /** What the adapter says, read at most once a second however many meters a scrape reads it for. */
    private record SwitchReading(long atNanos, int calls, Map<String, Boolean> links, SetupLatencies latencies, long refusedBusy) {
        double up(String link) {
            Boolean up = links.get(link);
            return up == null ? -1 : up ? 1 : 0;
        }
    }

    private volatile SwitchReading switchReading;

    private SwitchReading switchReading() {
        SwitchReading r = switchReading;
        if (r != null && System.nanoTime() - r.atNanos() < SWITCH_READING_AGE.toNanos()) {
            return r;
        }
        try (SwitchConnection sw = switches.getConnection()) {
            Map<String, Boolean> links = new HashMap<>();
            for (LinkStatus l : sw.links()) {
                links.put(l.name(), l.up());
            }
            r = new SwitchReading(System.nanoTime(), sw.activeCalls(), links, sw.setupLatencies(), sw.refusedBusy());
        } catch (RuntimeException e) {
            r = new SwitchReading(System.nanoTime(), 0, Map.of(), SetupLatencies.NONE, 0);
        }
        switchReading = r;
        return r;
    }
}
