package org.homebound.telephony.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.transaction.xa.XAResource;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.TransactionSupport;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.RecordingFinished;
import org.homebound.telephony.api.TelephonyException;
import org.homebound.telephony.audio.Wav;
import org.homebound.telephony.csta.CstaEdition;
import org.homebound.telephony.csta.CstaSettings;
import org.homebound.telephony.csta.CtiSwitchDriver;
import org.homebound.telephony.sip.SipTrunkDriver;
import org.homebound.telephony.sip.SipTrunkSettings;
import org.homebound.telephony.sip.TrustedPeers;
import org.jboss.logging.Logger;

/**
 * The telephony resource adapter: owns the connection to the switch (here a SIP trunk), its
 * sockets and threads, and delivers call events to message-driven beans.
 */
@Connector(displayName = "Homebound telephony adapter", vendorName = "Homebound", eisType = "Telephone switch",
        version = "1.0", transactionSupport = TransactionSupport.TransactionSupportLevel.NoTransaction,
        description = "SIP trunk to a PBX with RTP media; call events to MDBs, switch commands through SwitchConnectionFactory")
public class TelephonyResourceAdapter implements ResourceAdapter, AdapterServices {

    private static final Logger LOG = Logger.getLogger(TelephonyResourceAdapter.class);
    private static final int DELIVERY_ATTEMPTS = 5;

    @ConfigProperty(defaultValue = "127.0.0.1", description = "Address the SIP trunk and RTP listen on")
    private String sipBindAddress = "127.0.0.1";

    @ConfigProperty(defaultValue = "5080", description = "SIP port (UDP and TCP)")
    private Integer sipPort = 5080;

    @ConfigProperty(defaultValue = "udp,tcp", description = "SIP transports, comma-separated: udp, tcp")
    private String sipTransports = "udp,tcp";

    @ConfigProperty(defaultValue = "", description = "Address announced in SDP for media; empty for the bind address")
    private String mediaAddress = "";

    @ConfigProperty(defaultValue = "20000", description = "Lowest RTP port")
    private Integer rtpPortMin = 20000;

    @ConfigProperty(defaultValue = "21998", description = "Highest RTP port")
    private Integer rtpPortMax = 21998;

    @ConfigProperty(defaultValue = "8", description = "Seconds a call may wait for the application's decision before it is refused with 503")
    private Integer decisionTimeoutSeconds = 8;

    @ConfigProperty(defaultValue = "15", description = "Seconds without RTP after which a recording ends (caller gone without BYE)")
    private Integer mediaTimeoutSeconds = 15;

    /** 650: room for the 600 calls the shared SIPp load completed on a 2-core machine, measured (docs/BENCHMARKS.md). */
    @ConfigProperty(defaultValue = "650", description = "Calls in progress beyond which new INVITEs get 503 with Retry-After; 0 for no limit")
    private Integer maxCalls = 650;

    /**
     * 40: calls waiting = new calls a second x set-up time. At the shared load's 15-30 calls a second
     * that refuses new calls once set-ups take 1.3-2.7 s; a warm site (p99 20 ms) has well under one
     * waiting, the first level after a start (p99 ~300 ms on PostgreSQL) about five (docs/BENCHMARKS.md).
     */
    @ConfigProperty(defaultValue = "40", description = "Calls waiting for the application's decision beyond which new INVITEs get 503 with Retry-After; 0 for no limit")
    private Integer maxUndecided = 40;

    @ConfigProperty(defaultValue = "none", description = "SIP URI for unsolicited message-summary NOTIFYs, {extension} replaced; none to send none")
    private String mwiNotifyUri = "none";

    @ConfigProperty(defaultValue = "127.0.0.1", description = "Addresses or CIDR blocks allowed to send SIP requests (the PBX), comma-separated; others get 403")
    private String sipTrustedPeers = "127.0.0.1";

    @ConfigProperty(defaultValue = "", description = "Folder where recordings are saved when the application cannot take them; empty for the server's data folder")
    private String undeliveredFolder = "";

    @ConfigProperty(defaultValue = "", description = "CSTA XML (ECMA-323) server of the switch, host name or address; empty for no CTI link")
    private String cstaHost = "";

    @ConfigProperty(defaultValue = "4721", description = "CSTA server TCP port")
    private Integer cstaPort = 4721;

    @ConfigProperty(defaultValue = "false", description = "CSTA over TLS; the switch's certificate must name cstaHost")
    private Boolean cstaTls = false;

    @ConfigProperty(defaultValue = "", description = "PEM file of the certificates trusted for CSTA over TLS (the switch's or its CA's); empty for the JVM's trust store")
    private String cstaTrustCertificates = "";

    @ConfigProperty(defaultValue = "", description = "PKCS#12 file with Homebound's key and certificate for a switch that wants a client certificate (mutual TLS); its password only from the environment variable HOMEBOUND_CSTA_KEY_STORE_PASSWORD")
    private String cstaClientKeyStore = "";

    @ConfigProperty(defaultValue = "3", description = "ECMA-323 edition spoken to the switch: 3, 4, 5 or 6")
    private String cstaEdition = "3";

    @ConfigProperty(defaultValue = "Homebound", description = "applicationID in StartApplicationSession")
    private String cstaApplicationId = "Homebound";

    @ConfigProperty(defaultValue = "180", description = "CSTA application session duration asked for, seconds; reset at half of what is granted")
    private Integer cstaSessionSeconds = 180;

    @ConfigProperty(defaultValue = "", description = "Voicemail devices (pilot, hunt group, ports) to monitor, comma-separated numbers or ranges")
    private String cstaVoicemailDevices = "";

    @ConfigProperty(defaultValue = "", description = "Subscriber extensions to monitor as well, comma-separated numbers or ranges (4000-4099)")
    private String cstaSubscriberDevices = "";

    @ConfigProperty(defaultValue = "{number}", description = "Device identifier of an extension on the switch, e.g. {number}:CM1::0 for Avaya")
    private String cstaDeviceFormat = "{number}";

    @ConfigProperty(defaultValue = "", description = "Vendor login data in StartApplicationSession: empty, avaya, or a class implementing CstaLoginHook")
    private String cstaLoginHook = "";

    @ConfigProperty(defaultValue = "", description = "CTI user for the login hook")
    private String cstaUser = "";

    @ConfigProperty(defaultValue = "", description = "CTI password for the login hook; normally unset: then read from the environment variable HOMEBOUND_CSTA_PASSWORD")
    private String cstaPassword = "";

    @ConfigProperty(defaultValue = "5", description = "Seconds a CSTA request waits for the switch's answer")
    private Integer cstaRequestTimeoutSeconds = 5;

    @ConfigProperty(defaultValue = "1", description = "Seconds before the first reconnect after the CSTA link fails; doubles each time")
    private Integer cstaReconnectMinSeconds = 1;

    @ConfigProperty(defaultValue = "30", description = "Longest wait in seconds between CSTA reconnect attempts")
    private Integer cstaReconnectMaxSeconds = 30;

    @ConfigProperty(defaultValue = "2000", description = "Milliseconds a CSTA call and the SIP INVITE carrying its audio may be apart to be paired")
    private Integer cstaCorrelationMillis = 2000;

    @ConfigProperty(defaultValue = "", description = "Where the CTI link deflects calls voicemail does not take (attendant, coverage point); empty to refuse them on the trunk")
    private String cstaHandleNormallyDestination = "";

    @ConfigProperty(defaultValue = "false", description = "The switch expects AnswerCall before the voicemail port answers and ClearConnection for calls voicemail does not take")
    private Boolean cstaCallControl = false;

    private final Map<MessageEndpointFactory, CallEventActivationSpec> endpoints = new ConcurrentHashMap<>();
    /** A call's events reach each endpoint in the order they happened: keys, then the hang-up. */
    private final CallLanes<Lane> lanes = new CallLanes<>();
    private volatile WorkManager workManager;
    private volatile SwitchDriver driver;
    private volatile Housekeeping housekeeping;

    @Override
    public void start(BootstrapContext context) throws ResourceAdapterInternalException {
        this.workManager = context.getWorkManager();
        SipTrunkSettings settings = new SipTrunkSettings(sipBindAddress, sipPort,
                Arrays.stream(sipTransports.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                mediaAddress, rtpPortMin, rtpPortMax, Duration.ofSeconds(decisionTimeoutSeconds),
                Duration.ofSeconds(mediaTimeoutSeconds), mwiNotifyUri, parsePeers(), maxCalls, maxUndecided);
        SipTrunkDriver trunk = new SipTrunkDriver(settings, this);
        SwitchDriver sip = trunk;
        if (!cstaHost.isBlank()) {
            try {
                sip = new CtiSwitchDriver(trunk, cstaSettings(), Boolean.TRUE.equals(cstaCallControl), cstaHandleNormallyDestination, this);
            } catch (IllegalArgumentException e) {
                throw new ResourceAdapterInternalException("CSTA configuration: " + e.getMessage(), e);
            }
        }
        try {
            sip.start();
        } catch (Exception e) {
            throw new ResourceAdapterInternalException("SIP trunk could not start on " + sipBindAddress + ":" + sipPort + ": " + e.getMessage(), e);
        }
        this.driver = sip;
        Housekeeping h = new Housekeeping(sip);
        try {
            workManager.startWork(h);
        } catch (WorkException e) {
            sip.stop();
            throw new ResourceAdapterInternalException("no thread for housekeeping", e);
        }
        this.housekeeping = h;
    }

    private CstaSettings cstaSettings() {
        CstaSettings.Tls tls = new CstaSettings.Tls(Boolean.TRUE.equals(cstaTls), cstaTrustCertificates, cstaClientKeyStore,
                cstaClientKeyStore.isEmpty() ? "" : environment("HOMEBOUND_CSTA_KEY_STORE_PASSWORD"));
        return new CstaSettings(cstaHost.trim(), cstaPort, tls, CstaEdition.parse(cstaEdition), cstaApplicationId,
                Duration.ofSeconds(cstaSessionSeconds), CstaSettings.parseDevices(cstaVoicemailDevices),
                CstaSettings.parseDevices(cstaSubscriberDevices), cstaDeviceFormat, cstaLoginHook, cstaUser, cstaPassword(),
                Duration.ofSeconds(cstaRequestTimeoutSeconds), Duration.ofSeconds(cstaReconnectMinSeconds),
                Duration.ofSeconds(cstaReconnectMaxSeconds), Duration.ofMillis(cstaCorrelationMillis));
    }

    /** The configured CTI password, else the environment's: it is kept out of the server configuration. */
    private String cstaPassword() {
        if (!cstaPassword.isEmpty()) {
            return cstaPassword;
        }
        return environment("HOMEBOUND_CSTA_PASSWORD");
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    /** A text property as configured; "none" (what the CLI sets when nothing is configured) or nothing is "". */
    private static String unlessNone(String v) {
        return v == null || v.isBlank() || v.trim().equals("none") ? "" : v.trim();
    }

    private TrustedPeers parsePeers() throws ResourceAdapterInternalException {
        try {
            return TrustedPeers.parse(sipTrustedPeers);
        } catch (IllegalArgumentException e) {
            throw new ResourceAdapterInternalException("sipTrustedPeers: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        Housekeeping h = housekeeping;
        if (h != null) {
            h.release();
        }
        SwitchDriver d = driver;
        if (d != null) {
            d.stop();
        }
        driver = null;
    }

    /** The running driver, for outbound connections. */
    public SwitchDriver driver() {
        SwitchDriver d = driver;
        if (d == null) {
            throw new TelephonyException("telephony adapter is not running");
        }
        return d;
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof CallEventActivationSpec callSpec)) {
            throw new ResourceException("unexpected activation spec " + spec);
        }
        endpoints.put(factory, callSpec);
        LOG.infof("call events now delivered to %s", factory.getActivationName());
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        endpoints.remove(factory);
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return new XAResource[0]; // call events are not transactional on the switch side
    }

    // ---- AdapterServices ----

    @Override
    public boolean hasListeners() {
        return !endpoints.isEmpty();
    }

    @Override
    public void deliver(CallEvent event, Runnable onFailure) {
        List<MessageEndpointFactory> targets = endpoints.entrySet().stream()
                .filter(e -> e.getValue().accepts(driverName()))
                .map(Map.Entry::getKey).toList();
        if (targets.isEmpty()) {
            failed(event, onFailure, new IllegalStateException("no message-driven bean listens for call events"));
            return;
        }
        for (MessageEndpointFactory factory : targets) {
            Lane lane = new Lane(factory, event.callId());
            lanes.submit(lane, () -> schedule(lane, event, onFailure, 1));
        }
    }

    /** A call's events to one endpoint: delivered in order (see {@link CallLanes}). */
    private record Lane(MessageEndpointFactory factory, String callId) {
    }

    private void schedule(Lane lane, CallEvent event, Runnable onFailure, int attempt) {
        CallEventDelivery work = new CallEventDelivery(lane.factory(), event, new CallEventDelivery.Outcome() {
            @Override
            public void delivered() {
                if (attempt > 1) {
                    LOG.infof("call %s: %s delivered on attempt %d", event.callId(), event.getClass().getSimpleName(), attempt);
                }
                lanes.done(lane);
            }

            @Override
            public void failed(Exception cause) {
                // A recording is the caller's message: retry it, then keep it on disk. Other events are moot by now.
                if (event instanceof RecordingFinished && attempt < DELIVERY_ATTEMPTS) {
                    LOG.warnf("message %s: delivery attempt %d failed (%s), retrying", ((RecordingFinished) event).messageId(), attempt, cause.toString());
                    retryLater(lane, event, onFailure, attempt + 1);
                } else {
                    TelephonyResourceAdapter.this.failed(event, onFailure, cause);
                    lanes.done(lane);
                }
            }
        });
        try {
            workManager.scheduleWork(work);
        } catch (WorkException e) {
            failed(event, onFailure, e);
            lanes.done(lane);
        }
    }

    private void retryLater(Lane lane, CallEvent event, Runnable onFailure, int attempt) {
        Work delay = new Work() {
            private volatile Thread runner;

            @Override
            public void run() {
                runner = Thread.currentThread();
                try {
                    Thread.sleep(500L << attempt);
                    schedule(lane, event, onFailure, attempt);
                } catch (InterruptedException e) {
                    TelephonyResourceAdapter.this.failed(event, onFailure, e);
                    lanes.done(lane);
                }
            }

            @Override
            public void release() {
                Thread t = runner;
                if (t != null) {
                    t.interrupt();
                }
            }
        };
        try {
            workManager.scheduleWork(delay);
        } catch (WorkException e) {
            failed(event, onFailure, e);
            lanes.done(lane);
        }
    }

    private void failed(CallEvent event, Runnable onFailure, Exception cause) {
        if (event instanceof RecordingFinished recording) {
            keepUndelivered(recording, cause);
        } else {
            LOG.warnf("call %s: %s not delivered: %s", event.callId(), event.getClass().getSimpleName(), cause.toString());
        }
        onFailure.run();
    }

    /** Last resort for a recording the application would not take: a WAV file and an ERROR line naming it. */
    private void keepUndelivered(RecordingFinished r, Exception cause) {
        try {
            Path dir = undeliveredFolder.isBlank()
                    ? Path.of(System.getProperty("jboss.server.data.dir", System.getProperty("java.io.tmpdir")), "homebound", "undelivered")
                    : Path.of(undeliveredFolder);
            Files.createDirectories(dir);
            Path file = dir.resolve(r.messageId() + ".wav");
            Files.write(file, Wav.encode(r.audio().encoding().decode(r.audio().samples())));
            LOG.errorf("message %s for mailbox %s from %s could not be stored (%s); audio kept in %s",
                    r.messageId(), r.mailbox(), r.callingNumber(), cause.toString(), file);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "message %s for mailbox %s from %s LOST: could not be stored (%s) nor saved to disk",
                    r.messageId(), r.mailbox(), r.callingNumber(), cause.toString());
        }
    }

    @Override
    public void startLongRunning(Work work) throws WorkException {
        workManager.startWork(work);
    }

    private String driverName() {
        SwitchDriver d = driver;
        return d == null ? "" : d.name();
    }

    /** Periodic sweep of the driver, on an adapter thread that stops with the adapter. */
    private static final class Housekeeping implements Work, WorkContextProvider {
        private final SwitchDriver driver;
        private volatile boolean running = true;
        private volatile Thread runner;

        Housekeeping(SwitchDriver driver) {
            this.driver = driver;
        }

        @Override
        public void run() {
            runner = Thread.currentThread();
            while (running) {
                try {
                    Thread.sleep(500);
                    driver.sweep();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("telephony housekeeping failed", e);
                }
            }
        }

        @Override
        public List<WorkContext> getWorkContexts() {
            return LongRunning.hints("telephony housekeeping");
        }

        @Override
        public void release() {
            running = false;
            Thread t = runner;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    // ---- config property accessors (the container sets them by reflection) ----

    public String getSipBindAddress() { return sipBindAddress; }
    public void setSipBindAddress(String v) { this.sipBindAddress = v; }
    public Integer getSipPort() { return sipPort; }
    public void setSipPort(Integer v) { this.sipPort = v; }
    public String getSipTransports() { return sipTransports; }
    public void setSipTransports(String v) { this.sipTransports = v; }
    public String getMediaAddress() { return mediaAddress; }
    public void setMediaAddress(String v) { this.mediaAddress = v == null ? "" : v; }
    public Integer getRtpPortMin() { return rtpPortMin; }
    public void setRtpPortMin(Integer v) { this.rtpPortMin = v; }
    public Integer getRtpPortMax() { return rtpPortMax; }
    public void setRtpPortMax(Integer v) { this.rtpPortMax = v; }
    public Integer getDecisionTimeoutSeconds() { return decisionTimeoutSeconds; }
    public void setDecisionTimeoutSeconds(Integer v) { this.decisionTimeoutSeconds = v; }
    public Integer getMaxCalls() { return maxCalls; }
    public void setMaxCalls(Integer v) { this.maxCalls = v; }
    public Integer getMaxUndecided() { return maxUndecided; }
    public void setMaxUndecided(Integer v) { this.maxUndecided = v; }
    public Integer getMediaTimeoutSeconds() { return mediaTimeoutSeconds; }
    public void setMediaTimeoutSeconds(Integer v) { this.mediaTimeoutSeconds = v; }
    public String getMwiNotifyUri() { return mwiNotifyUri; }
    public void setMwiNotifyUri(String v) { this.mwiNotifyUri = v == null ? "" : v; }
    public String getSipTrustedPeers() { return sipTrustedPeers; }
    public void setSipTrustedPeers(String v) { this.sipTrustedPeers = v; }
    public String getUndeliveredFolder() { return undeliveredFolder; }
    public void setUndeliveredFolder(String v) { this.undeliveredFolder = v == null ? "" : v; }
    public String getCstaHost() { return cstaHost; }
    public void setCstaHost(String v) { this.cstaHost = unlessNone(v); }
    public Integer getCstaPort() { return cstaPort; }
    public void setCstaPort(Integer v) { this.cstaPort = v; }
    public Boolean getCstaTls() { return cstaTls; }
    public void setCstaTls(Boolean v) { this.cstaTls = v; }
    public String getCstaTrustCertificates() { return cstaTrustCertificates; }
    public void setCstaTrustCertificates(String v) { this.cstaTrustCertificates = unlessNone(v); }
    public String getCstaClientKeyStore() { return cstaClientKeyStore; }
    public void setCstaClientKeyStore(String v) { this.cstaClientKeyStore = unlessNone(v); }
    public String getCstaEdition() { return cstaEdition; }
    public void setCstaEdition(String v) { this.cstaEdition = v; }
    public String getCstaApplicationId() { return cstaApplicationId; }
    public void setCstaApplicationId(String v) { this.cstaApplicationId = v; }
    public Integer getCstaSessionSeconds() { return cstaSessionSeconds; }
    public void setCstaSessionSeconds(Integer v) { this.cstaSessionSeconds = v; }
    public String getCstaVoicemailDevices() { return cstaVoicemailDevices; }
    public void setCstaVoicemailDevices(String v) { this.cstaVoicemailDevices = unlessNone(v); }
    public String getCstaSubscriberDevices() { return cstaSubscriberDevices; }
    public void setCstaSubscriberDevices(String v) { this.cstaSubscriberDevices = unlessNone(v); }
    public String getCstaDeviceFormat() { return cstaDeviceFormat; }
    public void setCstaDeviceFormat(String v) { this.cstaDeviceFormat = unlessNone(v).isEmpty() ? "{number}" : v.trim(); }
    public String getCstaLoginHook() { return cstaLoginHook; }
    public void setCstaLoginHook(String v) { this.cstaLoginHook = unlessNone(v); }
    public String getCstaUser() { return cstaUser; }
    public void setCstaUser(String v) { this.cstaUser = unlessNone(v); }
    public String getCstaPassword() { return cstaPassword; }
    public void setCstaPassword(String v) { this.cstaPassword = v == null ? "" : v; }
    public Integer getCstaRequestTimeoutSeconds() { return cstaRequestTimeoutSeconds; }
    public void setCstaRequestTimeoutSeconds(Integer v) { this.cstaRequestTimeoutSeconds = v; }
    public Integer getCstaReconnectMinSeconds() { return cstaReconnectMinSeconds; }
    public void setCstaReconnectMinSeconds(Integer v) { this.cstaReconnectMinSeconds = v; }
    public Integer getCstaReconnectMaxSeconds() { return cstaReconnectMaxSeconds; }
    public void setCstaReconnectMaxSeconds(Integer v) { this.cstaReconnectMaxSeconds = v; }
    public Integer getCstaCorrelationMillis() { return cstaCorrelationMillis; }
    public void setCstaCorrelationMillis(Integer v) { this.cstaCorrelationMillis = v; }
    public String getCstaHandleNormallyDestination() { return cstaHandleNormallyDestination; }
    public void setCstaHandleNormallyDestination(String v) { this.cstaHandleNormallyDestination = unlessNone(v); }
    public Boolean getCstaCallControl() { return cstaCallControl; }
    public void setCstaCallControl(Boolean v) { this.cstaCallControl = v; }

    @Override
    public boolean equals(Object o) {
        return o instanceof TelephonyResourceAdapter other
                && Objects.equals(sipBindAddress, other.sipBindAddress) && Objects.equals(sipPort, other.sipPort);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sipBindAddress, sipPort);
    }
}
