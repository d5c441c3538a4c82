package org.homebound.telephony.csta;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkContextProvider;
import org.homebound.telephony.adapter.LongRunning;
import org.homebound.telephony.api.DiversionReason;
import org.jboss.logging.Logger;

/**
 * Keeps the CTI link to one switch up: connects, starts the ECMA-354 application session (vendor
 * login data from the {@link CstaLoginHook}), registers for system status, starts a monitor on
 * every configured device, resynchronises lamps and calls, then resets the session timer at half
 * its duration and sends lamp changes as they come. When the link breaks - the switch closes it,
 * sends garbage, a request goes unanswered - it connects again after a wait that doubles up to a
 * maximum, and starts over. Lamp states are kept here, latest per extension, so none set while the
 * link was down is lost: after each reconnect every lamp Homebound knows is sent again.
 * <p>
 * Runs as two long-running works: this supervisor and, per connection, the link's reader.
 */
public final class CstaLinkSupervisor implements Work, WorkContextProvider, CstaLink.Handler {

    private static final Logger LOG = Logger.getLogger(CstaLinkSupervisor.class);

    /** Starts a long-running work (the adapter's work manager). */
    public interface Threads {
        void start(Work work) throws Exception;
    }

    private final CstaSettings settings;
    private volatile String lastFailure;
    private final CstaRequests requests;
    private final CstaLoginHook login;
    private final CstaTls transport;
    private final Threads threads;
    private final CstaCalls calls;
    /** A paired SIP call whose CSTA connection at the voicemail device was cleared. */
    private final Consumer<String> sipCallCleared;

    private final Map<String, Boolean> lamps = new ConcurrentHashMap<>();
    private final Set<String> unsentLamps = ConcurrentHashMap.newKeySet();
    private final Map<String, String> monitors = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private volatile boolean running = true;
    private volatile CstaLink link;
    private volatile String sessionId;
    /** Session up, monitors started, calls resynchronised. */
    private volatile boolean ready;
    private volatile Thread supervisor;
    private volatile long connects;

    public CstaLinkSupervisor(CstaSettings settings, Threads threads, CstaCalls calls, Consumer<String> sipCallCleared) {
        this.settings = settings;
        this.requests = new CstaRequests(settings.edition());
        this.login = CstaLoginHook.named(settings.loginHook());
        this.threads = threads;
        this.calls = calls;
        this.sipCallCleared = sipCallCleared;
        this.transport = new CstaTls(settings);
        login.applicationSpecificInfo(settings); // a hook missing its settings fails the adapter's start, not every connect
    }

    /** True while the session is up, the monitors started and calls resynchronised. */
    public boolean up() {
        CstaLink l = link;
        return ready && l != null && l.isOpen();
    }

    /** Where the link goes, and while it is down why (for health checks). */
    public String describe() {
        if (up()) {
            return "session with " + address() + " (ECMA-323 edition " + settings.edition() + ")";
        }
        String why = lastFailure;
        return "no session with " + address() + (why == null ? " yet" : ": " + why);
    }

    /** How many times a session was established (for tests and monitoring). */
    public long sessionsEstablished() {
        return connects;
    }

    public Map<String, String> monitors() {
        return Map.copyOf(monitors);
    }

    // ---- commands ----

    /** The lamp of an extension should be on or off; sent now if the link is up, else after the reconnect. */
    public void lamp(String extension, boolean on) {
        lamps.put(extension, on);
        unsentLamps.add(extension);
        signal();
    }

    /** DeflectCall of a call at the voicemail device; a refusal is logged with the request and thrown. */
    public void deflect(CstaCalls.Call call, String destination) throws IOException, CstaErrorException {
        request(requests.deflectCall(call.callId(), call.device(), destination));
        LOG.debugf("CSTA call %s at %s deflected to %s", call.callId(), call.device(), destination);
    }

    public void answer(CstaCalls.Call call) throws IOException, CstaErrorException {
        request(requests.answerCall(call.callId(), call.device()));
    }

    public void clear(CstaCalls.Call call) throws IOException, CstaErrorException {
        request(requests.clearConnection(call.callId(), call.device()));
    }

    private CstaXml request(String xml) throws IOException, CstaErrorException {
        CstaLink l = link;
        if (l == null || !l.isOpen() || sessionId == null) {
            throw new IOException("CSTA link to " + address() + " is down");
        }
        try {
            return l.request(xml, settings.requestTimeout());
        } catch (CstaErrorException e) {
            LOG.errorf("CSTA %s refused by %s: %s; request was: %s", e.request(), address(), e.error(), xml);
            throw e;
        }
    }

    /** Ends the session politely (StopApplicationSession) and the link; the supervisor's thread ends. */
    public void stop() {
        running = false;
        CstaLink l = link;
        String s = sessionId;
        if (l != null && l.isOpen() && s != null) {
            try {
                l.request(requests.stopApplicationSession(s), Duration.ofSeconds(2));
            } catch (IOException | CstaErrorException e) {
                LOG.debugf("StopApplicationSession: %s", e.getMessage());
            }
        }
        if (l != null) {
            l.close();
        }
        signal();
        Thread t = supervisor;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public void release() {
        stop();
    }

    @Override
    public List<WorkContext> getWorkContexts() {
        return LongRunning.hints("csta " + address());
    }

    // ---- the supervisor's loop ----

    @Override
    public void run() {
        supervisor = Thread.currentThread();
        long backoff = settings.reconnectMin().toMillis();
        Outage outage = null;
        while (running) {
            long sessionsBefore = connects;
            String failure = null;
            try {
                connectAndServe();
            } catch (CstaErrorException e) {
                failure = e.getMessage();
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
            } finally {
                CstaLink l = link;
                if (l != null) {
                    l.close();
                }
                ready = false;
                sessionId = null;
                monitors.clear();
                calls.expire(true); // INVITEs waiting for a CSTA partner go on as SIP says
            }
            if (!running) {
                break;
            }
            lastFailure = String.valueOf(failure);
            boolean established = connects > sessionsBefore; // a session that worked for a while: try again soon
            if (established || outage == null) {
                outage = new Outage(System.nanoTime());
                LOG.warnf("CSTA link to %s %s: %s; SIP calls go on without it, lamps are kept for its return",
                        address(), established ? "lost" : "not established", failure);
            } else {
                outage.attempts++;
                outage.remindIfLong(failure);
            }
            backoff = established ? settings.reconnectMin().toMillis() : Math.min(backoff * 2, settings.reconnectMax().toMillis());
            LOG.debugf("CSTA link to %s: connecting again in %d ms", address(), backoff);
            sleep(backoff);
        }
        LOG.infof("CSTA link to %s stopped", address());
    }

    /** A link that stays down is reported once, then every ten minutes - not at every attempt. */
    private final class Outage {
        final long since;
        int attempts = 1;
        long remindedAt;

        Outage(long since) {
            this.since = since;
            this.remindedAt = since;
        }

        void remindIfLong(String failure) {
            long now = System.nanoTime();
            if (now - remindedAt >= Duration.ofMinutes(10).toNanos()) {
                remindedAt = now;
                LOG.warnf("CSTA link to %s still down after %d attempts in %d min: %s", address(), attempts,
                        Duration.ofNanos(now - since).toMinutes(), failure);
            } else {
                LOG.debugf("CSTA link to %s: attempt %d failed: %s", address(), attempts, failure);
            }
        }
    }

    /** One connection's life: returns or throws when the link ends. */
    private void connectAndServe() throws IOException, CstaErrorException {
        CstaLink l = new CstaLink(transport.connect(), this);
        link = l;
        try {
            threads.start(new Reader(l));
        } catch (Exception e) {
            throw new IOException("no thread to read the CSTA link: " + e.getMessage(), e);
        }
        CstaXml started = l.request(requests.startApplicationSession(settings.applicationId(), (int) settings.sessionDuration().toSeconds(),
                login.applicationSpecificInfo(settings)), settings.requestTimeout());
        String session = started.text("sessionID");
        if (session.isEmpty()) {
            throw new CstaProtocolException("StartApplicationSession answered without a sessionID");
        }
        long granted = parseSeconds(started.text("actualSessionDuration"), settings.sessionDuration().toSeconds());
        sessionId = session;
        connects++;
        LOG.infof("CSTA link to %s up: session %s (%s, %d s)", address(), session,
                started.text("actualProtocolVersion").isEmpty() ? settings.edition().namespace() : started.text("actualProtocolVersion"), granted);
        try {
            l.request(requests.systemRegister(), settings.requestTimeout());
        } catch (CstaErrorException e) {
            LOG.warnf("CSTA link to %s: system status registration refused (%s); going on without", address(), e.error());
        }
        for (String device : settings.voicemailDevices()) {
            monitor(l, device);
        }
        for (String device : settings.subscriberDevices()) {
            monitor(l, device);
        }
        resynchronise(l);
        unsentLamps.addAll(lamps.keySet()); // the switch may have lost or changed lamps while we were away
        ready = true;
        long resetAt = System.nanoTime() + Duration.ofSeconds(Math.max(1, granted / 2)).toNanos();
        while (running && l.isOpen()) {
            sendLamps(l);
            calls.expire(false);
            if (System.nanoTime() >= resetAt) {
                CstaXml reset = l.request(requests.resetApplicationSessionTimer(session, (int) settings.sessionDuration().toSeconds()),
                        settings.requestTimeout());
                granted = parseSeconds(reset.text("actualSessionDuration"), granted);
                resetAt = System.nanoTime() + Duration.ofSeconds(Math.max(1, granted / 2)).toNanos();
            }
            synchronized (wake) {
                if (unsentLamps.isEmpty() && running && l.isOpen()) {
                    try {
                        wake.wait(100); // also the pace at which INVITEs stop waiting for a CSTA partner
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
        if (running) {
            throw new IOException("the connection ended");
        }
    }

    private void monitor(CstaLink l, String number) throws IOException {
        String device = settings.device(number);
        try {
            CstaXml started = l.request(requests.monitorStart(device), settings.requestTimeout());
            monitors.put(number, started.text("monitorCrossRefID"));
        } catch (CstaErrorException e) {
            LOG.errorf("CSTA link to %s: no monitor on %s: %s", address(), device, e.error());
        }
    }

    /** After a reconnect: which calls are still at the voicemail devices; CSTA calls gone meanwhile are forgotten. */
    private void resynchronise(CstaLink l) throws IOException {
        for (String number : settings.voicemailDevices()) {
            try {
                String device = settings.device(number);
                long asked = System.nanoTime();
                CstaXml snapshot = l.request(requests.snapshotDevice(device), settings.requestTimeout());
                Set<String> present = new java.util.HashSet<>();
                snapshot.find("snapshotData").ifPresent(data -> data.children().forEach(
                        info -> info.find("callID").ifPresent(id -> present.add(id.text()))));
                int forgotten = calls.retainAt(device, present, asked);
                LOG.debugf("CSTA snapshot of %s: %d calls there, %d forgotten", device, present.size(), forgotten);
            } catch (CstaErrorException e) {
                LOG.warnf("CSTA link to %s: snapshot of %s refused: %s", address(), number, e.error());
            }
        }
    }

    private void sendLamps(CstaLink l) throws IOException {
        for (String extension : List.copyOf(unsentLamps)) {
            unsentLamps.remove(extension);
            Boolean on = lamps.get(extension);
            if (on == null) {
                continue;
            }
            try {
                l.request(requests.setMessageWaitingIndicator(settings.device(extension), on), settings.requestTimeout());
                LOG.debugf("CSTA lamp of %s %s", extension, on ? "on" : "off");
            } catch (CstaErrorException e) {
                LOG.errorf("CSTA lamp of %s could not be set %s at %s: %s", extension, on ? "on" : "off", address(), e.error());
            } catch (IOException e) {
                unsentLamps.add(extension); // the link broke: sent again after the reconnect
                throw e;
            }
        }
    }

    // ---- what the switch sends ----

    @Override
    public void event(CstaXml event) {
        CstaCallEvent e = CstaCallEvent.of(event).orElse(null);
        if (e == null) {
            return;
        }
        switch (e.type()) {
            case DELIVERED -> {
                if (settings.isVoicemail(e.device())) {
                    offeredToVoicemail(e, e.device());
                }
            }
            case DIVERTED -> {
                if (settings.isVoicemail(e.newDestination())) {
                    offeredToVoicemail(e, e.newDestination());
                }
            }
            case CONNECTION_CLEARED -> {
                if (settings.isVoicemail(e.device()) || e.device().isEmpty()) {
                    calls.cleared(e.callId()).ifPresent(c -> sipCallCleared.accept(c.sipCallId));
                }
            }
        }
    }

    private void offeredToVoicemail(CstaCallEvent e, String voicemailDevice) {
        String mailbox = mailboxOf(e);
        DiversionReason reason = e.reason();
        LOG.debugf("CSTA call %s at %s for %s (%s, cause %s) from %s", e.callId(), voicemailDevice, mailbox, reason, e.cause(), e.callingDevice());
        calls.reported(e.callId(), voicemailDevice, CstaCallEvent.number(e.callingDevice()), mailbox, reason);
    }

    /**
     * Whose voicemail: the device originally called, unless that is a voicemail device itself (a
     * call to the pilot), then the last device that redirected it, else none (the caller dialled
     * voicemail).
     */
    private String mailboxOf(CstaCallEvent e) {
        if (!e.calledDevice().isEmpty() && !settings.isVoicemail(e.calledDevice())) {
            return CstaCallEvent.number(e.calledDevice());
        }
        if (!e.redirectingDevice().isEmpty() && !settings.isVoicemail(e.redirectingDevice())) {
            return CstaCallEvent.number(e.redirectingDevice());
        }
        return "";
    }

    @Override
    public void request(int invokeId, CstaXml request) {
        CstaLink l = link;
        if (l == null) {
            return;
        }
        try {
            if (request.name().equals("SystemStatus")) {
                String status = request.text("systemStatus");
                if (!status.isEmpty() && !status.equals("normal")) {
                    LOG.warnf("CSTA switch %s reports system status %s", address(), status);
                }
                l.respond(invokeId, requests.systemStatusResponse());
            } else {
                LOG.warnf("CSTA switch %s sent a %s request, which Homebound does not serve", address(), request.name());
                l.respond(invokeId, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CSTAErrorCode xmlns=\"" + settings.edition().namespace()
                        + "\"><operation>generic</operation></CSTAErrorCode>");
            }
        } catch (IOException e) {
            LOG.debugf("CSTA answer to %s not sent: %s", request.name(), e.getMessage());
        }
    }

    // ---- helpers ----

    private String address() {
        return settings.host() + ":" + settings.port();
    }

    private void signal() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void sleep(long millis) {
        synchronized (wake) {
            long until = System.currentTimeMillis() + millis;
            while (running && System.currentTimeMillis() < until) {
                try {
                    wake.wait(Math.max(1, until - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static long parseSeconds(String text, long otherwise) {
        try {
            long s = Long.parseLong(text.trim());
            return s > 0 ? s : otherwise;
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Reads one connection until it ends; its end wakes the supervisor. */
    private final class Reader implements Work, WorkContextProvider {
        private final CstaLink link;

        Reader(CstaLink link) {
            this.link = link;
        }

        @Override
        public void run() {
            try {
                link.readLoop();
            } catch (CstaProtocolException e) {
                LOG.warnf("CSTA link to %s: %s; closing it", address(), e.getMessage());
            } catch (IOException e) {
                LOG.debugf("CSTA link to %s: %s", address(), e.getMessage()); // the supervisor reports the loss
            } catch (RuntimeException e) {
                LOG.errorf(e, "CSTA link to %s: reading failed; closing it", address());
            } finally {
                link.close();
                signal();
            }
        }

        @Override
        public void release() {
            link.close();
        }

        @Override
        public List<WorkContext> getWorkContexts() {
            return LongRunning.hints("csta reader " + address());
        }
    }
}
