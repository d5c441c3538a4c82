package org.homebound.telephony.sip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import org.homebound.telephony.adapter.AdapterServices;
import org.homebound.telephony.adapter.SwitchDriver;
import org.homebound.telephony.api.CallEnded;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.MediaStatistics;
import org.homebound.telephony.api.MenuInput;
import org.homebound.telephony.api.MenuStep;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.Prompt;
import org.homebound.telephony.api.RecordedAudio;
import org.homebound.telephony.api.RecordingEnd;
import org.homebound.telephony.api.RecordingFinished;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.api.TelephonyException;
import org.homebound.telephony.audio.AudioEncoding;
import org.homebound.telephony.rtp.MediaEngine;
import org.homebound.telephony.rtp.RtpPortPool;
import org.homebound.telephony.rtp.MediaStep;
import org.homebound.telephony.rtp.RtpSession;
import org.jboss.logging.Logger;

/**
 * SIP trunk towards a PBX: the voicemail server side of RFC 3261 for calls diverted to it.
 * INVITEs become {@link CallOffered} events; the application's decision comes back through
 * {@link SwitchDriver} and becomes a final response (reject, redirect) or a 200 OK with an RTP
 * session that plays the prompt and records the caller.
 */
public final class SipTrunkDriver implements SwitchDriver, SipListener {

    private static final Logger LOG = Logger.getLogger(SipTrunkDriver.class);
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, SUBSCRIBE, INFO";
    private static final String USER_AGENT = "Homebound";

    private volatile OfferCorrelator correlator = OfferCorrelator.NONE;
    private final SipTrunkSettings settings;
    private final AdapterServices services;
    private final Map<String, SipCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong notifySequence = new AtomicLong(1);
    private static final int BUSY_RETRY_AFTER_SECONDS = 5;
    private static final long BUSY_LOG_EVERY_NANOS = 60_000_000_000L;
    private final AtomicLong refusedBusy = new AtomicLong();
    private final AtomicLong lastBusyLog = new AtomicLong();
    private final MessageFactory messages = new MessageFactoryImpl();
    private final HeaderFactory headers = new HeaderFactoryImpl();
    private final AddressFactory addresses = new AddressFactoryImpl();
    private final List<ListeningPoint> listeningPoints = new ArrayList<>();
    private volatile SipStack stack;
    /** INVITE received to 200 OK sent, per answered call. */
    private final org.homebound.telephony.adapter.LatencyHistogram setup =
            new org.homebound.telephony.adapter.LatencyHistogram(org.homebound.telephony.adapter.LatencyHistogram.SETUP_BOUNDS);
    private volatile SipProvider provider;
    private volatile RtpPortPool ports;
    private volatile MediaEngine media;
    private volatile Set<Thread> eventScanners = Set.of();

    private final MwiSubscriptions subscriptions;

    public SipTrunkDriver(SipTrunkSettings settings, AdapterServices services) {
        this.settings = settings;
        this.services = services;
        this.subscriptions = new MwiSubscriptions(new MwiSubscriptions.Sip() {
            @Override
            public SipProvider provider() {
                return provider;
            }

            @Override
            public HeaderFactory headers() {
                return headers;
            }

            @Override
            public Response response(int status, Request request, String tag, String phrase) throws ParseException {
                return SipTrunkDriver.this.response(status, request, tag, phrase);
            }

            @Override
            public String newTag() {
                return SipTrunkDriver.newTag();
            }

            @Override
            public boolean hasListeners() {
                return services.hasListeners();
            }

            @Override
            public void deliver(CallEvent event, Runnable onFailure) {
                services.deliver(event, onFailure);
            }

            @Override
            public Duration decisionTimeout() {
                return settings.decisionTimeout();
            }
        });
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public synchronized void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "homebound-sip-" + settings.port());
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", JBossStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.SERVER_LOGGER", SipMessageLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        // Bound what a peer can make us buffer or hold open.
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        p.setProperty("gov.nist.javax.sip.READ_TIMEOUT", "2000");
        p.setProperty("gov.nist.javax.sip.MAX_CONNECTIONS", "256");
        p.setProperty("gov.nist.javax.sip.MAX_SERVER_TRANSACTIONS", "4000");
        Set<Thread> scannersBefore = eventScannerThreads();
        SipStack s = new SipStackImpl(p);
        Set<Thread> ours = new HashSet<>(eventScannerThreads());
        ours.removeAll(scannersBefore);
        eventScanners = ours;
        try {
            SipProvider prov = null;
            for (String transport : settings.transports()) {
                ListeningPoint lp = s.createListeningPoint(settings.bindAddress(), settings.port(), transport);
                listeningPoints.add(lp);
                if (prov == null) {
                    prov = s.createSipProvider(lp);
                } else {
                    prov.addListeningPoint(lp);
                }
            }
            if (prov == null) {
                throw new IllegalArgumentException("no SIP transport configured");
            }
            prov.addSipListener(this);
            s.start();
            this.ports = new RtpPortPool(InetAddress.getByName(settings.bindAddress()), settings.rtpPortMin(), settings.rtpPortMax());
            this.media = new MediaEngine(MediaEngine.defaultThreads(), services::startLongRunning);
            this.provider = prov;
            this.stack = s;
        } catch (Exception | Error e) {
            listeningPoints.clear();
            stopStack(s); // a half-built stack keeps non-daemon threads alive
            releaseEventScanners();
            throw e;
        }
        LOG.infof("SIP trunk listening on %s:%d (%s), RTP %d-%d", settings.bindAddress(), settings.port(),
                String.join("+", settings.transports()), settings.rtpPortMin(), settings.rtpPortMax());
    }

    @Override
    public synchronized void stop() {
        SipStack s = stack;
        if (s == null) {
            return;
        }
        for (SipCall call : calls.values()) {
            if (call.leaveOffered(SipCall.State.ENDED)) {
                respondQuietly(call, Response.SERVICE_UNAVAILABLE, "Voicemail Shutting Down");
                forget(call.callId);
            } else if (call.media() != null) {
                call.media().stop(RtpSession.End.ADAPTER_STOPPED);
            }
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (!calls.isEmpty() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20); // media threads send their BYEs and hand over recordings
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        subscriptions.clear();
        MediaEngine engine = media;
        if (engine != null) {
            engine.stop(); // what is left of the calls ends now, and the media threads with it
            media = null;
        }
        stack = null;
        provider = null;
        stopStack(s);
        releaseEventScanners();
        listeningPoints.clear();
        LOG.infof("SIP trunk on port %d stopped", settings.port());
    }

    /**
     * JAIN-SIP 1.3.0-91's UDPMessageProcessor.stop() closes its socket and then iterates a worker
     * list that its threads modify (ConcurrentModificationException) or have not created yet
     * (NullPointerException), aborting the stack's stop halfway. The stack removes each processor
     * from its list before stopping it and stop() has no "already stopped" guard, so stopping
     * again carries on with what is left (TCP processor, timers).
     */
    private static void stopStack(SipStack s) {
        for (int attempt = 1; ; attempt++) {
            try {
                s.stop();
                return;
            } catch (RuntimeException e) {
                LOG.debugf("SIP stack stop attempt %d: %s", attempt, e);
                if (attempt == 5) {
                    LOG.warn("SIP stack did not stop cleanly", e);
                    return;
                }
            }
        }
    }

    /**
     * JAIN-SIP's EventScanner.forceStop() only sets a flag while its (non-daemon) thread waits in
     * BlockingQueue.take() for good. Its run() ends on an interrupt once stopped, so the threads
     * our stack started are interrupted after stop; otherwise every undeploy would leak one.
     */
    private void releaseEventScanners() {
        for (Thread t : eventScanners) {
            t.interrupt();
        }
        eventScanners = Set.of();
    }

    private static Set<Thread> eventScannerThreads() {
        Set<Thread> found = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if ("EventScannerThread".equals(t.getName())) {
                found.add(t);
            }
        }
        return found;
    }

    /**
     * INVITEs refused with 503 because {@link SipTrunkSettings#maxCalls()} calls were in progress or
     * {@link SipTrunkSettings#maxUndecided()} were waiting for the application's decision.
     */
    @Override
    public long refusedBusy() {
        return refusedBusy.get();
    }

    /** Logs the first refusal of a busy spell, then at most one summary a minute: an overload must not flood the log. */
    private void refusedBusy(String callId, String why) {
        long n = refusedBusy.incrementAndGet();
        long now = System.nanoTime();
        long last = lastBusyLog.get();
        if ((last == 0 || now - last > BUSY_LOG_EVERY_NANOS) && lastBusyLog.compareAndSet(last, now)) {
            LOG.warnf("SIP trunk busy: %s; refused call %s with 503 (%d refused since start)", why, callId, n);
        }
    }

    /** Why a new call would be refused as busy now, or null if there is room. */
    private String busy() {
        if (settings.maxCalls() > 0 && calls.size() >= settings.maxCalls()) {
            return calls.size() + " calls in progress, the limit (homebound.sip.max-calls)";
        }
        if (settings.maxUndecided() > 0) {
            long undecided = calls.values().stream().filter(c -> c.state() == SipCall.State.OFFERED).count();
            if (undecided >= settings.maxUndecided()) {
                return undecided + " calls waiting for the application's decision, the limit (homebound.sip.max-undecided)";
            }
        }
        return null;
    }

    @Override
    public int activeCalls() {
        return calls.size();
    }

    @Override
    public org.homebound.telephony.api.SetupLatencies setupLatencies() {
        return setup.snapshot();
    }

    @Override
    public List<org.homebound.telephony.api.LinkStatus> links() {
        String where = settings.bindAddress() + ":" + settings.port() + " (" + String.join("+", settings.transports()) + ")";
        boolean listening = provider != null && stack != null && !listeningPoints.isEmpty();
        return List.of(new org.homebound.telephony.api.LinkStatus("sip-trunk", listening, listening ? where : "not listening on " + where));
    }

    /** Message-waiting subscriptions in force (for tests). */
    int subscriptions() {
        return subscriptions.size();
    }

    // ---- requests from the PBX ----

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String source = event instanceof RequestEventExt ext ? ext.getRemoteIpAddress() : null;
        if (!settings.trustedPeers().trusts(source)) {
            refuseUntrusted(event, source);
            return;
        }
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> onInvite(event);
                case Request.ACK -> onAck(event);
                case Request.BYE -> onBye(event);
                case Request.CANCEL -> onCancel(event);
                case Request.OPTIONS -> onOptions(event);
                case Request.SUBSCRIBE -> onSubscribe(event);
                case Request.INFO -> onInfo(event);
                default -> {
                    Response r = messages.createResponse(Response.METHOD_NOT_ALLOWED, request);
                    r.addHeader(headers.createAllowHeader(ALLOW));
                    reply(event, r);
                }
            }
        } catch (Exception e) {
            LOG.warnf(e, "failed to handle %s %s", request.getMethod(), callIdOf(request));
            if (!Request.ACK.equals(request.getMethod())) {
                try {
                    reply(event, messages.createResponse(Response.SERVER_INTERNAL_ERROR, request));
                } catch (Exception ignored) {
                    // nothing more we can tell the peer
                }
            }
        }
    }

    private void refuseUntrusted(RequestEvent event, String source) {
        Request request = event.getRequest();
        LOG.warnf("SIP %s from untrusted %s refused (Call-ID %s)", request.getMethod(), source, callIdOf(request));
        if (Request.ACK.equals(request.getMethod())) {
            return;
        }
        try {
            Response r = messages.createResponse(Response.FORBIDDEN, request);
            r.setReasonPhrase("Not A Trusted Peer");
            provider.sendResponse(r); // stateless: an untrusted peer gets no transaction state
        } catch (Exception e) {
            LOG.debugf("could not refuse %s: %s", source, e.getMessage());
        }
    }

    private void onInvite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String callId = callIdOf(request);
        SipCall known = calls.get(callId);
        if (known != null && event.getDialog() != null && event.getDialog().getState() == DialogState.CONFIRMED) {
            onReInvite(event, known);
            return;
        }
        ServerTransaction tx = event.getServerTransaction();
        if (tx == null) {
            try {
                tx = provider.getNewServerTransaction(request);
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            }
        }
        if (known != null) {
            tx.sendResponse(response(Response.LOOP_DETECTED, request, null, "Call-ID Already In Use"));
            return;
        }
        if (!services.hasListeners()) {
            Response r = response(Response.SERVICE_UNAVAILABLE, request, newTag(), "Voicemail Application Not Running");
            r.addHeader(headers.createRetryAfterHeader(30));
            tx.sendResponse(r);
            return;
        }
        String busy = busy();
        if (busy != null) {
            Response r = response(Response.SERVICE_UNAVAILABLE, request, newTag(), "Voicemail Busy");
            r.addHeader(headers.createRetryAfterHeader(BUSY_RETRY_AFTER_SECONDS));
            refusedBusy(callId, busy); // counted before the answer goes out: whoever sees the 503 sees it counted
            tx.sendResponse(r);
            return;
        }
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            Response r = response(Response.NOT_ACCEPTABLE_HERE, request, newTag(), "SDP Offer Required");
            r.addHeader(headers.createWarningHeader(USER_AGENT, 399, "INVITE without SDP (late offer) is not supported"));
            tx.sendResponse(r);
            return;
        }
        SdpOffer offer;
        try {
            offer = SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
        } catch (SdpOffer.MalformedSdpException e) {
            Response r = response(Response.BAD_REQUEST, request, newTag(), "Malformed SDP");
            r.addHeader(headers.createWarningHeader(USER_AGENT, 399, e.getMessage()));
            tx.sendResponse(r);
            return;
        } catch (SdpOffer.UnacceptableSdpException e) {
            Response r = response(Response.NOT_ACCEPTABLE_HERE, request, newTag(), null);
            r.addHeader(headers.createWarningHeader(USER_AGENT, 305, e.getMessage()));
            tx.sendResponse(r);
            return;
        }
        CalledParty called = CalledPartyResolver.resolve(request.getRequestURI().toString(),
                extensionValues(request, "History-Info"), extensionValues(request, "Diversion"),
                ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI().toString());
        String calling = AddressEntry.userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        String dialled = AddressEntry.userOf(request.getRequestURI().toString());
        tx.sendResponse(messages.createResponse(Response.TRYING, request));

        CallOffered offered = new CallOffered(callId, calling, called.number(), called.reason(), dialled, name(), Instant.now());
        SipCall call = new SipCall(callId, tx, request, offer, newTag(), offered);
        calls.put(callId, call);
        LOG.debugf("call %s: offered for %s (%s via %s) from %s", callId, called.number(), called.reason(), called.source(), calling);
        correlator.offered(offered, userToUser(request), completed -> {
            call.offered = completed;
            if (completed != offered) {
                LOG.debugf("call %s: the CTI link says for %s (%s) from %s", callId, completed.calledNumber(), completed.reason(),
                        completed.callingNumber());
            }
            services.deliver(completed, () -> {
                if (call.leaveOffered(SipCall.State.ENDED)) {
                    forget(callId);
                    respondQuietly(call, Response.SERVICE_UNAVAILABLE, "Voicemail Application Failed");
                }
            });
        });
    }

    /**
     * RFC 7433 User-to-User data, decoded if hex ({@code encoding=hex}, the default for ISDN UUI):
     * switches copy a call's CTI identity into it. Empty if none or not decodable.
     */
    static String userToUser(Request request) {
        List<String> values = extensionValues(request, "User-to-User");
        if (values.isEmpty()) {
            return "";
        }
        String value = values.get(0).trim();
        int semicolon = value.indexOf(';');
        String data = (semicolon < 0 ? value : value.substring(0, semicolon)).replace("\"", "").trim();
        String params = semicolon < 0 ? "" : value.substring(semicolon).toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        if (params.contains("encoding=") && !params.contains("encoding=hex")) {
            return data;
        }
        if (!data.matches("([0-9a-fA-F]{2})+")) {
            return params.contains("encoding=hex") ? "" : data;
        }
        byte[] bytes = new byte[data.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(data.substring(2 * i, 2 * i + 2), 16);
        }
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7F) ? text : "";
    }

    /**
     * A re-INVITE: a session refresh, hold (sendonly or inactive: the recording waits, neither the
     * silence nor the media timeout runs) and resume, or media moved elsewhere. Answered per RFC
     * 3264 with the direction mirrored; the same G.711 law only (a change of law mid-message: 488,
     * the call goes on as it was); without SDP, our current description is the offer.
     */
    private void onReInvite(RequestEvent event, SipCall call) throws Exception {
        ServerTransaction tx = event.getServerTransaction();
        if (tx == null) {
            tx = provider.getNewServerTransaction(event.getRequest());
        }
        Request request = event.getRequest();
        SdpOffer offer = call.offer;
        byte[] body = request.getRawContent();
        if (body != null && body.length > 0) {
            try {
                offer = SdpOffer.parse(new String(body, StandardCharsets.UTF_8));
            } catch (SdpOffer.MalformedSdpException e) {
                Response r = response(Response.BAD_REQUEST, request, null, "Malformed SDP");
                r.addHeader(headers.createWarningHeader(USER_AGENT, 399, e.getMessage()));
                tx.sendResponse(r);
                return;
            } catch (SdpOffer.UnacceptableSdpException e) {
                Response r = response(Response.NOT_ACCEPTABLE_HERE, request, null, null);
                r.addHeader(headers.createWarningHeader(USER_AGENT, 305, e.getMessage()));
                tx.sendResponse(r);
                return;
            }
            if (offer.encoding() != call.offer.encoding() || offer.payloadType() != call.offer.payloadType()) {
                Response r = response(Response.NOT_ACCEPTABLE_HERE, request, null, null);
                r.addHeader(headers.createWarningHeader(USER_AGENT, 305, "the call stays " + call.offer.encoding() + " while it is recorded"));
                tx.sendResponse(r);
                return;
            }
        }
        if (!offer.equals(call.offer)) {
            call.answerVersion++;
            call.offer = offer;
        }
        RtpSession media = call.media();
        Response ok = response(Response.OK, request, null, null);
        if (media != null) {
            media.update(offer.remote(), offer.direction().holds());
            ok.setContent(offer.answer(mediaAddress(), media.localPort(), sessionId(call), call.answerVersion), sdpType());
        }
        tx.sendResponse(ok);
        LOG.debugf("call %s: re-INVITE, caller media %s %s", call.callId, offer.remote(), offer.direction());
    }

    /** Media already runs from the 200 OK; the ACK only has to stop its retransmissions. */
    private void onAck(RequestEvent event) {
        SipCall call = calls.get(callIdOf(event.getRequest()));
        if (call != null && event.getServerTransaction() != null) {
            call.ackTransaction = event.getServerTransaction();
            confirmAck(call);
        }
    }

    /**
     * JAIN-SIP 1.3.0-91 loses an ACK that it processes between sending our 200 OK and starting the
     * 200's retransmission timer (the dialog has no INVITE transaction yet to match it to): the 200
     * would be retransmitted and, for a caller that does not acknowledge retransmissions, the call
     * ended after 32 s. Whichever of the two - our send returning, the ACK arriving - comes second
     * hands the ACK to the dialog again.
     */
    private static void confirmAck(SipCall call) {
        if (call.okSent && call.ackTransaction instanceof SIPServerTransaction ack && call.dialog() instanceof SIPDialog dialog
                && !dialog.isAckSeen()) {
            LOG.debugf("call %s: the SIP stack had missed the ACK; handed to the dialog again", call.callId);
            dialog.handleAck(ack);
        }
    }

    private void onBye(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        SipCall call = calls.get(callIdOf(request));
        if (call == null) {
            reply(event, messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        reply(event, messages.createResponse(Response.OK, request));
        RtpSession media = call.media();
        if (media != null) {
            media.stop(RtpSession.End.CALLER_HUNG_UP);
        }
    }

    /**
     * Keys signalled by SIP INFO (the fallback for phones without RFC 4733): the de-facto bodies
     * application/dtmf-relay ("Signal=5") and application/dtmf ("5"). Anything else is 415.
     */
    private void onInfo(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        SipCall call = calls.get(callIdOf(request));
        RtpSession media = call == null ? null : call.media();
        if (media == null) {
            reply(event, messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        byte[] body = request.getRawContent();
        String text = body == null ? "" : new String(body, StandardCharsets.US_ASCII);
        Character key = type == null ? null : DtmfInfo.key(type.getContentType() + "/" + type.getContentSubType(), text);
        if (key == null) {
            Response r = messages.createResponse(Response.UNSUPPORTED_MEDIA_TYPE, request);
            r.addHeader(headers.createAcceptHeader("application", "dtmf-relay"));
            r.addHeader(headers.createAcceptHeader("application", "dtmf"));
            reply(event, r);
            return;
        }
        media.key(key); // before the 200 OK: the phone sends its next key only then, and another stack thread may take it
        reply(event, messages.createResponse(Response.OK, request));
    }

    private void onCancel(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        SipCall call = calls.get(callIdOf(request));
        if (call == null) {
            reply(event, messages.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request));
            return;
        }
        reply(event, messages.createResponse(Response.OK, request));
        // RFC 3261 §9.2: a CANCEL after the final response has no effect.
        if (call.leaveOffered(SipCall.State.ENDED)) {
            forget(call.callId);
            respondQuietly(call, Response.REQUEST_TERMINATED, null);
            services.deliver(new CallEnded(call.callId, CallEnded.CallEndCause.CANCELLED_BY_CALLER, "CANCEL before answer"), () -> { });
        }
    }

    private void onSubscribe(RequestEvent event) throws Exception {
        ServerTransaction tx = event.getServerTransaction();
        if (tx == null) {
            try {
                tx = provider.getNewServerTransaction(event.getRequest());
            } catch (TransactionAlreadyExistsException retransmission) {
                return;
            }
        }
        subscriptions.onSubscribe(event, tx);
    }

    private void onOptions(RequestEvent event) throws Exception {
        Response ok = messages.createResponse(Response.OK, event.getRequest());
        ok.addHeader(headers.createAllowHeader(ALLOW));
        ok.addHeader(headers.createAllowEventsHeader(MwiSubscriptions.EVENT));
        ok.addHeader(headers.createAcceptHeader("application", "sdp"));
        ok.addHeader(headers.createServerHeader(List.of(USER_AGENT)));
        reply(event, ok);
    }

    // ---- commands from the application ----

    @Override
    public void answerAndRecord(String callId, RecordingRequest recording) {
        SipCall call = waitingCall(callId, SipCall.State.ANSWERED);
        AudioEncoding encoding = call.offer.encoding();
        MediaStep deposit = MediaStep.deposit(encodePrompts(recording.prompts(), encoding), recording.maximumLength(),
                recording.silenceTimeout());
        answer(call, deposit, new RtpSession.Listener() {
            @Override
            public void recorded(RtpSession session, MediaStep step, RecordedAudio audio, RecordingEnd end, String key,
                                 MediaStatistics stats, Instant startedAt) {
                LOG.debugf("call %s: recording for %s ended (%s), %d ms", callId, recording.mailbox(), end, audio.duration().toMillis());
                services.deliver(new RecordingFinished(callId, recording.messageId(), recording.mailbox(),
                        call.offered.callingNumber(), call.offered.reason(), startedAt, audio, end, stats),
                        () -> { });
            }

            @Override
            public void collected(RtpSession session, MediaStep step, String digits, MenuInput.End end) {
                // a deposit collects nothing
            }

            @Override
            public void finished(RtpSession session, RtpSession.End end) {
                ended(call, end);
            }
        });
    }

    @Override
    public void menu(String callId, MenuStep step) {
        SipCall call = calls.get(callId);
        if (call == null) {
            throw new TelephonyException("no call " + callId + " (gone or never offered)");
        }
        AudioEncoding encoding = call.offer.encoding();
        MediaStep next;
        if (step instanceof MenuStep.Collect c) {
            next = MediaStep.collect(c.stepId(), encodePrompts(c.prompts(), encoding), c.maxDigits(), c.timeout(),
                    c.discardTypedAhead());
        } else if (step instanceof MenuStep.Record r) {
            next = MediaStep.record(r.stepId(), encodePrompts(r.prompts(), encoding), r.maximumLength(), r.silenceTimeout());
        } else {
            next = MediaStep.hangUp(encodePrompts(step.prompts(), encoding));
        }
        if (call.leaveOffered(SipCall.State.ANSWERED)) {
            answer(call, next, new MenuListener(call));
            return;
        }
        RtpSession media = call.media();
        if (media == null || call.state() == SipCall.State.ENDED) {
            throw new TelephonyException("call " + callId + " is over");
        }
        media.perform(next);
    }

    /** Reports a phone-menu call's steps to the application. */
    private final class MenuListener implements RtpSession.Listener {
        private final SipCall call;

        MenuListener(SipCall call) {
            this.call = call;
        }

        @Override
        public void recorded(RtpSession session, MediaStep step, RecordedAudio audio, RecordingEnd end, String key,
                             MediaStatistics stats, Instant startedAt) {
            services.deliver(new MenuInput(call.callId, step.id(), key, MenuInput.End.RECORDED, audio, end),
                    () -> session.stop(RtpSession.End.ADAPTER_STOPPED));
        }

        @Override
        public void collected(RtpSession session, MediaStep step, String digits, MenuInput.End end) {
            services.deliver(new MenuInput(call.callId, step.id(), digits, end, null, null),
                    () -> session.stop(RtpSession.End.ADAPTER_STOPPED));
        }

        @Override
        public void finished(RtpSession session, RtpSession.End end) {
            ended(call, end);
            CallEnded.CallEndCause cause = switch (end) {
                case CALLER_HUNG_UP -> CallEnded.CallEndCause.HUNG_UP;
                case COMPLETED -> CallEnded.CallEndCause.COMPLETED;
                case MEDIA_TIMEOUT, ADAPTER_STOPPED -> CallEnded.CallEndCause.FAILED;
            };
            services.deliver(new CallEnded(call.callId, cause, end == RtpSession.End.MEDIA_TIMEOUT ? "no media from the caller" : ""),
                    () -> { });
        }
    }

    /** The call's media is over: forget it, and say goodbye unless the caller did. */
    private void ended(SipCall call, RtpSession.End end) {
        forget(call.callId);
        call.ended();
        if (end != RtpSession.End.CALLER_HUNG_UP) {
            sendBye(call);
        }
    }

    /** Answers an offered call (the state already left OFFERED) and starts its media with the first step. */
    private void answer(SipCall call, MediaStep first, RtpSession.Listener listener) {
        String callId = call.callId;
        DatagramChannel channel;
        try {
            channel = ports.open();
        } catch (IOException e) {
            call.ended();
            forget(callId);
            respondQuietly(call, Response.SERVICE_UNAVAILABLE, "No Media Port Free");
            throw new TelephonyException("call " + callId + ": " + e.getMessage(), e);
        }
        RtpSession session = new RtpSession(callId, channel, call.offer.remote(), call.offer.encoding(), call.offer.payloadType(),
                call.offer.telephoneEventType(), first, settings.mediaTimeout(), listener);
        try {
            Response ok = response(Response.OK, call.request, call.localTag, null);
            ok.setContent(call.offer.answer(mediaAddress(), session.localPort(), sessionId(call)), sdpType());
            // The media session is the call's before the 200 goes out: an INFO or BYE right behind the ACK finds it.
            call.answered(call.invite.getDialog(), session);
            session.update(call.offer.remote(), call.offer.direction().holds()); // a call may start on hold
            call.invite.sendResponse(ok);
            setup.record(System.nanoTime() - call.offeredAtNanos);
            call.okSent = true;
            confirmAck(call);
            MediaEngine engine = media;
            if (engine == null) {
                throw new IOException("the trunk is stopping");
            }
            engine.add(session);
        } catch (Exception e) {
            try {
                channel.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            forget(callId);
            call.ended();
            sendBye(call);
            throw new TelephonyException("call " + callId + ": could not answer: " + e.getMessage(), e);
        }
    }

    private void forget(String callId) {
        calls.remove(callId);
        correlator.ended(callId);
    }

    /** Offered calls are completed by a CTI link before the application hears of them. */
    public void correlateOffersWith(OfferCorrelator c) {
        this.correlator = c == null ? OfferCorrelator.NONE : c;
    }

    /**
     * The switch moved an offered call elsewhere (a CTI DeflectCall): this leg is the switch's to
     * end (it CANCELs it); if it does not within the decision timeout, it is refused then.
     */
    public void handedOver(String callId, String target) {
        SipCall call = calls.get(callId);
        if (call != null && call.state() == SipCall.State.OFFERED) {
            call.handedOverTo = target;
        }
    }

    /** The switch reports the caller gone (a CTI ConnectionCleared): the recording ends as on a BYE. */
    public void clearedBySwitch(String callId) {
        SipCall call = calls.get(callId);
        RtpSession media = call == null ? null : call.media();
        if (media != null) {
            LOG.debugf("call %s: cleared by the switch", callId);
            media.stop(RtpSession.End.CALLER_HUNG_UP);
        }
    }

    @Override
    public void reject(String callId, RejectCause cause) {
        SipCall call = waitingCall(callId, SipCall.State.ENDED);
        forget(callId);
        SipRejection rejection = SipRejection.of(cause);
        try {
            Response r = response(rejection.status(), call.request, call.localTag, rejection.phrase());
            r.addHeader(headers.createWarningHeader(USER_AGENT, 399, rejection.warning()));
            call.invite.sendResponse(r);
        } catch (Exception e) {
            throw new TelephonyException("call " + callId + ": could not reject: " + e.getMessage(), e);
        }
    }

    @Override
    public void redirect(String callId, String target) {
        SipCall call = waitingCall(callId, SipCall.State.ENDED);
        forget(callId);
        try {
            String uri = target.contains(":") ? target
                    : "sip:" + target + "@" + ((SipURI) call.request.getRequestURI()).getHost();
            Response r = response(Response.MOVED_TEMPORARILY, call.request, call.localTag, null);
            r.addHeader(headers.createContactHeader(addresses.createAddress(uri)));
            call.invite.sendResponse(r);
        } catch (Exception e) {
            throw new TelephonyException("call " + callId + ": could not redirect to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tells the extension's subscribers (RFC 3842 NOTIFY in each subscription's dialog) and, where
     * the PBX wants it so, sends an unsolicited message-summary NOTIFY to the configured target.
     */
    @Override
    public void setMessageWaiting(MessageWaiting state) {
        subscriptions.changed(state);
        String template = settings.mwiNotifyUri();
        if (template == null || template.isBlank() || template.equals("none")) {
            LOG.debugf("extension %s: message waiting %s (no MWI target configured)", state.extension(), state.lampOn() ? "on" : "off");
            return;
        }
        try {
            String target = template.replace("{extension}", state.extension());
            URI uri = addresses.createURI(target);
            String host = mediaAddress();
            Address self = addresses.createAddress("sip:voicemail@" + host + ":" + settings.port());
            ViaHeader via = headers.createViaHeader(host, settings.port(), settings.transports().get(0), null);
            Request notify = messages.createRequest(uri, Request.NOTIFY, provider.getNewCallId(),
                    headers.createCSeqHeader(notifySequence.getAndIncrement(), Request.NOTIFY),
                    headers.createFromHeader(self, newTag()), headers.createToHeader(addresses.createAddress(target), null),
                    List.of(via), headers.createMaxForwardsHeader(70));
            notify.addHeader(headers.createEventHeader("message-summary"));
            notify.addHeader(headers.createSubscriptionStateHeader("active"));
            notify.addHeader(headers.createContactHeader(self));
            notify.setContent(MwiSubscriptions.body(state, target),
                    headers.createContentTypeHeader(MwiSubscriptions.CONTENT_TYPE, MwiSubscriptions.CONTENT_SUBTYPE));
            ClientTransaction tx = provider.getNewClientTransaction(notify);
            tx.sendRequest();
        } catch (Exception e) {
            throw new TelephonyException("extension " + state.extension() + ": could not send message-waiting NOTIFY: " + e.getMessage(), e);
        }
    }

    @Override
    public void acceptSubscription(String subscriptionId, MessageWaiting current) {
        subscriptions.accept(subscriptionId, current);
    }

    @Override
    public void rejectSubscription(String subscriptionId, RejectCause cause) {
        subscriptions.reject(subscriptionId, cause);
    }

    @Override
    public void sweep() {
        subscriptions.sweep();
        long now = System.nanoTime();
        for (SipCall call : calls.values()) {
            if (call.state() == SipCall.State.OFFERED && now - call.offeredAtNanos > settings.decisionTimeout().toNanos()
                    && call.leaveOffered(SipCall.State.ENDED)) {
                forget(call.callId);
                if (call.handedOverTo != null) {
                    LOG.warnf("call %s: deflected to %s by the CTI link, but the switch never cancelled this leg; refused now",
                            call.callId, call.handedOverTo);
                    respondQuietly(call, Response.TEMPORARILY_UNAVAILABLE, "Call Deflected");
                } else {
                    LOG.warnf("call %s for %s: no decision within %s, rejected", call.callId, call.offered.calledNumber(), settings.decisionTimeout());
                    respondQuietly(call, Response.SERVICE_UNAVAILABLE, "Voicemail Did Not Answer In Time");
                }
            }
        }
    }

    // ---- stack events ----

    @Override
    public void processResponse(ResponseEvent event) {
        Response r = event.getResponse();
        if (r.getStatusCode() >= 300) {
            String method = ((CSeqHeader) r.getHeader(CSeqHeader.NAME)).getMethod();
            LOG.debugf("%d %s for our %s", r.getStatusCode(), r.getReasonPhrase(), method);
            if (Request.NOTIFY.equals(method)) {
                subscriptions.notifyFailed(((CallIdHeader) r.getHeader(CallIdHeader.NAME)).getCallId(), r.getStatusCode());
            }
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction() && Request.INVITE.equals(event.getServerTransaction().getRequest().getMethod())) {
            endMedia(callIdOf(event.getServerTransaction().getRequest()), RecordingEnd.MEDIA_TIMEOUT);
        } else if (!event.isServerTransaction() && Request.NOTIFY.equals(event.getClientTransaction().getRequest().getMethod())) {
            subscriptions.notifyFailed(callIdOf(event.getClientTransaction().getRequest()), 0);
        }
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debugf("SIP I/O error towards %s:%d/%s", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing kept per transaction
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // A dialog that dies without BYE (no ACK ever came) must not leave a recording running.
        endMedia(event.getDialog().getCallId().getCallId(), RecordingEnd.MEDIA_TIMEOUT);
    }

    // ---- helpers ----

    private void endMedia(String callId, RecordingEnd reason) {
        SipCall call = calls.get(callId);
        if (call != null && call.media() != null) {
            call.media().stop(reason == RecordingEnd.MEDIA_TIMEOUT ? RtpSession.End.MEDIA_TIMEOUT : RtpSession.End.ADAPTER_STOPPED);
        }
    }

    private SipCall waitingCall(String callId, SipCall.State next) {
        SipCall call = calls.get(callId);
        if (call == null) {
            throw new TelephonyException("no call " + callId + " (gone or never offered)");
        }
        if (!call.leaveOffered(next)) {
            throw new TelephonyException("call " + callId + " is no longer waiting for a decision (" + call.state() + ")");
        }
        return call;
    }

    private void sendBye(SipCall call) {
        Dialog dialog = call.dialog();
        SipProvider prov = provider;
        if (dialog == null || prov == null || dialog.getState() != DialogState.CONFIRMED) {
            return;
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            dialog.sendRequest(prov.getNewClientTransaction(bye));
        } catch (Exception e) {
            LOG.debugf("call %s: BYE not sent: %s", call.callId, e.getMessage());
        }
    }

    private void respondQuietly(SipCall call, int status, String phrase) {
        try {
            call.invite.sendResponse(response(status, call.request, call.localTag, phrase));
        } catch (Exception e) {
            LOG.debugf("call %s: could not send %d: %s", call.callId, status, e.getMessage());
        }
    }

    private Response response(int status, Request request, String tag, String phrase) throws ParseException {
        Response r = messages.createResponse(status, request);
        if (phrase != null) {
            r.setReasonPhrase(phrase);
        }
        ToHeader to = (ToHeader) r.getHeader(ToHeader.NAME);
        if (tag != null && status > 100 && to.getTag() == null) {
            to.setTag(tag);
        }
        if (status >= 200 && status < 300) {
            ContactHeader contact = headers.createContactHeader(
                    addresses.createAddress("sip:voicemail@" + mediaAddress() + ":" + settings.port()));
            r.addHeader(contact);
            r.addHeader(headers.createAllowHeader(ALLOW));
        }
        r.addHeader(headers.createServerHeader(List.of(USER_AGENT)));
        return r;
    }

    private void reply(RequestEvent event, Response response) throws Exception {
        ServerTransaction tx = event.getServerTransaction();
        if (tx != null) {
            tx.sendResponse(response);
        } else {
            provider.sendResponse(response);
        }
    }

    private ContentTypeHeader sdpType() throws ParseException {
        return headers.createContentTypeHeader("application", "sdp");
    }

    private String mediaAddress() {
        String a = settings.mediaAddress();
        return a == null || a.isBlank() ? settings.bindAddress() : a;
    }

    private static long sessionId(SipCall call) {
        return call.offeredAtNanos & 0x7FFFFFFFFFFFL;
    }

    private static String callIdOf(Request request) {
        CallIdHeader h = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return h == null ? "?" : h.getCallId();
    }

    private static String newTag() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    private static List<String> extensionValues(Request request, String name) {
        List<String> values = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(name);
        while (it != null && it.hasNext()) {
            Object h = it.next();
            if (h instanceof ExtensionHeader e) {
                values.add(e.getValue());
            } else if (h instanceof Header other) {
                String text = other.toString();
                int colon = text.indexOf(':');
                values.add(colon < 0 ? text.trim() : text.substring(colon + 1).trim());
            }
        }
        return values;
    }

    static byte[] encodePrompts(List<Prompt> prompts, AudioEncoding encoding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Prompt p : prompts) {
            out.writeBytes(encoding.encode(p.pcm()));
        }
        return out.toByteArray();
    }
}
