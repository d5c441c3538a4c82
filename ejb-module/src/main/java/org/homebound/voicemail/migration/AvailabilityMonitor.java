package org.homebound.voicemail.migration;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import org.homebound.voicemail.application.SiteRole;
import org.homebound.voicemail.configuration.DirectorySnapshot;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.configuration.NetworkDescription;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.security.TrustedCertificates;
import org.jboss.logging.Logger;

/**
 * Finds out which peers are UP. Every probe interval each peer's status endpoint is asked, with a
 * timeout, who it is; and this site's core bridge to it must run and be connected, because a
 * bridge whose login the peer refuses leaves messages stuck however healthy the peer looks.
 * Transitions are logged; a peer that comes UP gets its held messages forwarded.
 * <p>
 * A peer whose API address is https is probed over TLS: its certificate must chain to the
 * network's CA (network.ca in the network file, re-read when it changes) and name the address's
 * host. A peer that fails that check is not UP, raises the alarm, and keeps its messages held here:
 * its bridge, checked against the same CA, could not deliver them either.
 */
@Singleton
@Startup
@DependsOn("SiteStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AvailabilityMonitor {

    private static final Logger LOG = Logger.getLogger(AvailabilityMonitor.class);

    @Inject
    SiteDirectory directory;
    @Inject
    PeerAvailability availability;
    @Inject
    HomeboundSettings settings;
    @Inject
    ForwardingCoordinator forwarding;

    @Resource
    TimerService timers;
    @Resource
    ManagedExecutorService executor;

    private static final String MESSAGING = "jboss.as:subsystem=messaging-activemq,server=default";
    private static final Duration BRIDGE_ALARM_AFTER = Duration.ofSeconds(30);

    private final AtomicBoolean probing = new AtomicBoolean();
    private final Map<String, Instant> bridgeDownWhileAnswering = new ConcurrentHashMap<>();
    private volatile HttpClient http;
    private SSLContext httpTls;
    private TrustedCertificates networkTrust;

    @PostConstruct
    void start() {
        if (!settings.networkFile().isEmpty()) {
            Path ca = NetworkDescription.read(Path.of(settings.networkFile())).trust();
            networkTrust = ca == null ? null : new TrustedCertificates(ca, "the network's CA file (network.ca)");
        }
        long every = settings.probeInterval().toMillis();
        timers.createIntervalTimer(Math.min(every, 1000), every, new TimerConfig("availability probe", false));
    }

    @PreDestroy
    void stop() {
        http = null; // Java 17's client has no shutdown; its selector thread ends once the client is unreachable
    }

    /** Starts a round of probes; their answers are recorded as they complete, off the timer thread. */
    @Timeout
    void probeAll() {
        if (!probing.compareAndSet(false, true)) {
            return; // the previous round is still waiting for a slow peer
        }
        try {
            List<CompletableFuture<Void>> round = new ArrayList<>();
            for (DirectorySnapshot.SiteEntry peer : directory.snapshot().peers()) {
                round.add(probe(peer).thenAccept(result -> record(peer.id(), result)));
            }
            CompletableFuture.allOf(round.toArray(CompletableFuture[]::new)).whenComplete((done, failure) -> {
                probing.set(false);
                if (failure != null) {
                    LOG.warnf(failure, "availability probe round failed");
                }
            });
        } catch (RuntimeException e) {
            probing.set(false);
            LOG.warnf(e, "availability probe round failed");
        }
    }

    private void record(String siteId, PeerStatus.Probe probe) {
        PeerStatus before = availability.status(siteId);
        PeerStatus after = before.after(probe, Instant.now(), settings.failedProbesForDown());
        availability.put(after);
        if (before.state() == after.state()) {
            if (after.alarm() && !before.alarm()) {
                LOG.errorf("ALARM site %s: %s", siteId, after.detail());
            }
            return;
        }
        if (after.alarm()) {
            LOG.errorf("ALARM site %s is %s (was %s since %s): %s", siteId, after.state(), before.state(), before.since(), after.detail());
        } else {
            LOG.infof("site %s is %s (was %s since %s)%s", siteId, after.state(), before.state(), before.since(),
                    after.detail() == null ? "" : ": " + after.detail());
        }
        if (after.state() == PeerStatus.State.UP) {
            if (SiteRole.held()) {
                forwarding.forward(siteId, false);
            }
        }
    }

    /** The client for this round: one trusting the network's CA as the file now says, else the JVM's public CAs. */
    private HttpClient client() throws IOException, GeneralSecurityException {
        SSLContext tls = networkTrust == null ? SSLContext.getDefault() : networkTrust.context();
        if (http == null || tls != httpTls) {
            http = HttpClient.newBuilder().connectTimeout(settings.probeTimeout()).version(HttpClient.Version.HTTP_1_1)
                    .sslContext(tls).executor(executor).build();
            httpTls = tls;
        }
        return http;
    }

    private CompletableFuture<PeerStatus.Probe> probe(DirectorySnapshot.SiteEntry peer) {
        if (peer.apiAddress() == null) {
            return CompletableFuture.completedFuture(PeerStatus.Probe.broken("the directory has no API address for site " + peer.id()));
        }
        HttpClient client;
        try {
            client = client();
        } catch (IOException | GeneralSecurityException e) {
            return CompletableFuture.completedFuture(PeerStatus.Probe.broken("cannot check site " + peer.id() + "'s certificate: " + e.getMessage()));
        }
        BridgeState bridge = bridgeState(peer.id());
        HttpRequest request = HttpRequest.newBuilder(URI.create(peer.apiAddress() + "/api/status"))
                .timeout(settings.probeTimeout()).header("Accept", "application/json").GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            SSLException tls = tlsFailure(failure);
            if (tls != null) {
                bridgeDownWhileAnswering.remove(peer.id());
                return PeerStatus.Probe.broken(peer.apiAddress() + " is refused: its certificate is not one this network trusts ("
                        + tls.getMessage() + "); it is not site " + peer.id() + ", or its certificate is not from the network's CA or does not name "
                        + URI.create(peer.apiAddress()).getHost());
            }
            if (failure != null) {
                bridgeDownWhileAnswering.remove(peer.id());
                return PeerStatus.Probe.noAnswer("no answer from " + peer.apiAddress() + ": " + describe(failure));
            }
            if (response.statusCode() != 200) {
                bridgeDownWhileAnswering.remove(peer.id());
                return PeerStatus.Probe.noAnswer(peer.apiAddress() + " answered HTTP " + response.statusCode());
            }
            String site = siteIn(response.body());
            if (!peer.id().equals(site)) {
                return PeerStatus.Probe.broken(peer.apiAddress() + " answers as site '" + site + "', not " + peer.id()
                        + "; check the network description");
            }
            return judge(peer.id(), bridge);
        });
    }

    /**
     * The peer answers; can our messages reach it? A bridge that is not connected while its peer
     * answers is normal for a few seconds after the peer returns (the bridge retries on a timer);
     * for longer it is a fault an operator must fix — typically a refused login, which Artemis
     * retries forever without saying so anywhere but the peer's log.
     */
    private PeerStatus.Probe judge(String siteId, BridgeState bridge) {
        if (bridge.problem() != null) {
            return PeerStatus.Probe.broken(bridge.problem());
        }
        if (bridge.connected()) {
            bridgeDownWhileAnswering.remove(siteId);
            return PeerStatus.Probe.ok();
        }
        Instant since = bridgeDownWhileAnswering.computeIfAbsent(siteId, k -> Instant.now());
        Duration waited = Duration.between(since, Instant.now());
        if (waited.compareTo(BRIDGE_ALARM_AFTER) < 0) {
            return PeerStatus.Probe.bridgeNotConnected("site " + siteId + " answers, the core bridge to it is not connected yet");
        }
        return PeerStatus.Probe.broken("the core bridge to site " + siteId + " has not connected for " + waited.toSeconds()
                + " s although the site answers: check this site's credential at " + siteId + " (AMQ229031 in its log)");
    }

    private static String siteIn(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonObject json = reader.readObject();
            return json.getString("site", null);
        } catch (JsonException | ClassCastException e) {
            return null;
        }
    }

    /** The TLS failure behind a failed request, if that is what it was (a handshake refused for the certificate). */
    private static SSLException tlsFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException) {
                return (SSLException) t;
            }
        }
        return null;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }

    /** Whether the bridge to a peer exists and runs (a problem to report if not), and whether it is connected. */
    private record BridgeState(String problem, boolean connected) {
    }

    private static BridgeState bridgeState(String siteId) {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName bridge = new ObjectName(MESSAGING + ",bridge=" + SiteLink.bridgeName(siteId));
            if (!Boolean.TRUE.equals(jmx.getAttribute(bridge, "started"))) {
                return new BridgeState("the core bridge to site " + siteId + " has stopped: restart it or the server", false);
            }
            // A connected bridge is the one consumer of its outbound queue.
            ObjectName queue = new ObjectName(MESSAGING + ",jms-queue=" + SiteLink.outboundQueueName(siteId));
            Object consumers = jmx.getAttribute(queue, "consumerCount");
            return new BridgeState(null, consumers instanceof Number n && n.intValue() > 0);
        } catch (InstanceNotFoundException e) {
            return new BridgeState("no core bridge to site " + siteId + " is configured on this server", false);
        } catch (JMException e) {
            return new BridgeState("cannot read the state of the bridge to site " + siteId + ": " + e.getMessage(), false);
        }
    }
}
