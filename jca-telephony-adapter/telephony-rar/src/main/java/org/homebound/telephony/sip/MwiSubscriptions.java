package org.homebound.telephony.sip;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ListIterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.api.SubscriptionRequested;
import org.homebound.telephony.api.TelephonyException;
import org.jboss.logging.Logger;

/**
 * Message-waiting subscriptions: RFC 3842's message-summary event package on the RFC 6665 event
 * framework. A SUBSCRIBE becomes a {@link SubscriptionRequested} and waits, like a call, for the
 * application's decision; once accepted, the subscriber gets a NOTIFY at once with the counts the
 * application read and another on every change, until it unsubscribes, lets the subscription
 * expire, or answers a NOTIFY with an error. Counts only ever come from the application, never
 * invented here: a refresh repeats the last state the application gave.
 */
final class MwiSubscriptions {

    static final String EVENT = "message-summary";
    static final String CONTENT_TYPE = "application";
    static final String CONTENT_SUBTYPE = "simple-message-summary";
    /** Shorter subscriptions are refused with 423 (RFC 6665 §4.2.1.1); longer ones are cut to MAX_EXPIRES. */
    static final int MIN_EXPIRES = 60;
    static final int MAX_EXPIRES = 3600;
    /** Bounds on what subscribers can make this site hold. */
    static final int MAX_SUBSCRIPTIONS = 10_000;
    static final int MAX_PER_EXTENSION = 16;
    private static final Logger LOG = Logger.getLogger(MwiSubscriptions.class);

    /** What the subscriptions need of the SIP driver. */
    interface Sip {
        SipProvider provider();

        HeaderFactory headers();

        Response response(int status, Request request, String tag, String phrase) throws ParseException;

        String newTag();

        boolean hasListeners();

        void deliver(CallEvent event, Runnable onFailure);

        Duration decisionTimeout();
    }

    private record Pending(SubscriptionRequested request, ServerTransaction tx, Request subscribe, String account, String tag, long atNanos) {
    }

    private static final class Active {
        final String id;
        final String extension;
        final String account;
        final Dialog dialog;
        final String eventId;
        volatile long expiresAtNanos;

        Active(String id, String extension, String account, Dialog dialog, String eventId) {
            this.id = id;
            this.extension = extension;
            this.account = account;
            this.dialog = dialog;
            this.eventId = eventId;
        }

        long secondsLeft(long now) {
            return Math.max(0, (expiresAtNanos - now) / 1_000_000_000L);
        }
    }

    private final Sip sip;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    /** The latest state the application gave for each extension with a subscription. */
    private final Map<String, MessageWaiting> latest = new ConcurrentHashMap<>();

    MwiSubscriptions(Sip sip) {
        this.sip = sip;
    }

    int size() {
        return active.size();
    }

    // ---- SUBSCRIBE ----

    void onSubscribe(RequestEvent event, ServerTransaction tx) throws Exception {
        Request request = event.getRequest();
        String id = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        EventHeader eventHeader = (EventHeader) request.getHeader(EventHeader.NAME);
        if (eventHeader == null || !EVENT.equalsIgnoreCase(eventHeader.getEventType())) {
            Response r = sip.response(Response.BAD_EVENT, request, sip.newTag(), null);
            r.addHeader(sip.headers().createAllowEventsHeader(EVENT));
            tx.sendResponse(r);
            return;
        }
        if (!acceptsSummary(request)) {
            Response r = sip.response(Response.NOT_ACCEPTABLE, request, sip.newTag(), null);
            r.addHeader(sip.headers().createAcceptHeader(CONTENT_TYPE, CONTENT_SUBTYPE));
            tx.sendResponse(r);
            return;
        }
        ExpiresHeader expiresHeader = request.getExpires();
        int expires = expiresHeader == null ? MAX_EXPIRES : expiresHeader.getExpires();
        if (expires > 0 && expires < MIN_EXPIRES) {
            Response r = sip.response(Response.INTERVAL_TOO_BRIEF, request, sip.newTag(), null);
            r.addHeader(sip.headers().createMinExpiresHeader(MIN_EXPIRES));
            tx.sendResponse(r);
            return;
        }
        expires = Math.min(expires, MAX_EXPIRES);
        if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
            refresh(tx, request, id, expires);
            return;
        }
        if (pending.containsKey(id) || active.containsKey(id)) {
            tx.sendResponse(sip.response(Response.BAD_REQUEST, request, sip.newTag(), "Call-ID Already In Use"));
            return;
        }
        String extension = AddressEntry.userOf(request.getRequestURI().toString());
        if (extension == null || extension.isBlank()) {
            tx.sendResponse(sip.response(Response.NOT_FOUND, request, sip.newTag(), "No Mailbox In Request-URI"));
            return;
        }
        if (!sip.hasListeners() || pending.size() + active.size() >= MAX_SUBSCRIPTIONS || countFor(extension) >= MAX_PER_EXTENSION) {
            Response r = sip.response(Response.SERVICE_UNAVAILABLE, request, sip.newTag(),
                    sip.hasListeners() ? "Too Many Subscriptions" : "Voicemail Application Not Running");
            r.addHeader(sip.headers().createRetryAfterHeader(300));
            tx.sendResponse(r);
            return;
        }
        String subscriber = AddressEntry.userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString());
        SubscriptionRequested requested = new SubscriptionRequested(id, extension, subscriber, Duration.ofSeconds(expires), Instant.now());
        pending.put(id, new Pending(requested, tx, request, request.getRequestURI().toString(), sip.newTag(), System.nanoTime()));
        LOG.debugf("subscription %s: %s asks for the message-waiting state of %s for %d s", id, subscriber, extension, expires);
        sip.deliver(requested, () -> refuse(id, Response.SERVICE_UNAVAILABLE, "Voicemail Application Failed"));
    }

    /** An in-dialog SUBSCRIBE: a refresh, or with Expires 0 the end of the subscription (RFC 6665 §4.2.1.2). */
    private void refresh(ServerTransaction tx, Request request, String id, int expires) throws Exception {
        Active a = active.get(id);
        if (a == null) {
            tx.sendResponse(sip.response(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request, null, "No Such Subscription"));
            return;
        }
        Response ok = sip.response(Response.OK, request, null, null);
        ok.setExpires(sip.headers().createExpiresHeader(expires));
        tx.sendResponse(ok);
        a.expiresAtNanos = System.nanoTime() + expires * 1_000_000_000L;
        MessageWaiting state = latest.get(a.extension);
        if (expires == 0) {
            end(a, state, null);
        } else {
            notify(a, state, null);
        }
    }

    // ---- the application's decision ----

    void accept(String id, MessageWaiting current) {
        Pending p = pending.remove(id);
        if (p == null) {
            throw new TelephonyException("no subscription " + id + " waiting for a decision (gone or timed out)");
        }
        if (!p.request().extension().equals(current.extension())) {
            refuse(p, Response.SERVER_INTERNAL_ERROR, "Wrong Mailbox");
            throw new TelephonyException("subscription " + id + " is for " + p.request().extension() + ", not " + current.extension());
        }
        MessageWaiting state = newest(current);
        int expires = (int) p.request().expires().toSeconds();
        try {
            Response ok = sip.response(Response.OK, p.subscribe(), p.tag(), null);
            ok.setExpires(sip.headers().createExpiresHeader(expires));
            p.tx().sendResponse(ok);
        } catch (Exception e) {
            throw new TelephonyException("subscription " + id + ": could not accept: " + e.getMessage(), e);
        }
        Dialog dialog = p.tx().getDialog();
        if (dialog == null) {
            throw new TelephonyException("subscription " + id + ": the SIP stack made no dialog for it");
        }
        EventHeader event = (EventHeader) p.subscribe().getHeader(EventHeader.NAME);
        Active a = new Active(id, current.extension(), p.account(), dialog, event.getEventId());
        a.expiresAtNanos = System.nanoTime() + expires * 1_000_000_000L;
        if (expires == 0) { // a fetch: one NOTIFY with the state, and done
            end(a, state, null);
            return;
        }
        active.put(id, a);
        notify(a, state, null);
        LOG.infof("subscription %s: %s subscribed to the message-waiting state of %s for %d s", id, p.request().subscriber(),
                current.extension(), expires);
    }

    void reject(String id, RejectCause cause) {
        Pending p = pending.remove(id);
        if (p == null) {
            throw new TelephonyException("no subscription " + id + " waiting for a decision (gone or timed out)");
        }
        SipRejection rejection = SipRejection.of(cause);
        refuse(p, rejection.status(), rejection.phrase());
        LOG.infof("subscription %s for %s refused: %s", id, p.request().extension(), cause);
    }

    private void refuse(String id, int status, String phrase) {
        Pending p = pending.remove(id);
        if (p != null) {
            refuse(p, status, phrase);
        }
    }

    private void refuse(Pending p, int status, String phrase) {
        try {
            Response r = sip.response(status, p.subscribe(), p.tag(), phrase);
            if (status == Response.SERVICE_UNAVAILABLE) {
                r.addHeader(sip.headers().createRetryAfterHeader(60));
            }
            p.tx().sendResponse(r);
        } catch (Exception e) {
            LOG.debugf("subscription %s: could not send %d: %s", p.request().callId(), status, e.getMessage());
        }
    }

    // ---- changes ----

    /** A new state for an extension: every subscriber to it is told (a state older than one already sent is dropped). */
    void changed(MessageWaiting state) {
        MessageWaiting now = newest(state);
        if (now != state) {
            LOG.debugf("extension %s: message-waiting state as of %s is older than the one sent; dropped", state.extension(), state.asOf());
            return;
        }
        for (Active a : active.values()) {
            if (a.extension.equals(state.extension())) {
                notify(a, state, null);
            }
        }
    }

    private MessageWaiting newest(MessageWaiting state) {
        return latest.merge(state.extension(), state, (old, given) -> given.olderThan(old) ? old : given);
    }

    /** A NOTIFY failed (481, another error, or no answer): the subscriber is gone (RFC 6665 §4.2.2). */
    void notifyFailed(String id, int status) {
        Active a = active.remove(id);
        if (a != null) {
            LOG.infof("subscription %s for %s ended: the subscriber answered a NOTIFY with %s", id, a.extension,
                    status == 0 ? "nothing" : String.valueOf(status));
            forgetIfUnused(a.extension);
        }
    }

    /** Ends subscriptions that expired and refuses subscriptions nobody decided about in time. */
    void sweep() {
        long now = System.nanoTime();
        for (Pending p : pending.values()) {
            if (now - p.atNanos() > sip.decisionTimeout().toNanos()) {
                LOG.warnf("subscription %s for %s: no decision within %s, refused", p.request().callId(), p.request().extension(),
                        sip.decisionTimeout());
                refuse(p.request().callId(), Response.SERVICE_UNAVAILABLE, "Voicemail Did Not Answer In Time");
            }
        }
        for (Active a : active.values()) {
            if (a.expiresAtNanos <= now) {
                LOG.debugf("subscription %s for %s expired", a.id, a.extension);
                end(a, latest.get(a.extension), SubscriptionStateHeader.TIMEOUT);
            }
        }
    }

    /** The driver stops: nothing more is sent; subscribers find out at their next refresh (481) and subscribe again. */
    void clear() {
        pending.clear();
        active.clear();
        latest.clear();
    }

    private void end(Active a, MessageWaiting state, String reason) {
        active.remove(a.id);
        notify(a, state, reason == null ? "" : reason);
        forgetIfUnused(a.extension);
    }

    private void forgetIfUnused(String extension) {
        if (countFor(extension) == 0 && pending.values().stream().noneMatch(p -> p.request().extension().equals(extension))) {
            latest.remove(extension);
        }
    }

    private int countFor(String extension) {
        int n = 0;
        for (Active a : active.values()) {
            if (a.extension.equals(extension)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Sends a NOTIFY in the subscription's dialog; {@code terminatedReason} null for an active
     * subscription, "" or a reason code for the last one. Without a state from the application
     * (none yet) the NOTIFY has no body: the subscriber learns nothing rather than a made-up count.
     */
    private void notify(Active a, MessageWaiting state, String terminatedReason) {
        SipProvider provider = sip.provider();
        if (provider == null || a.dialog.getState() == DialogState.TERMINATED) {
            return;
        }
        synchronized (a) { // one NOTIFY at a time per dialog: CSeq order is send order
            try {
                Request notify = a.dialog.createRequest(Request.NOTIFY);
                HeaderFactory h = sip.headers();
                EventHeader event = h.createEventHeader(EVENT);
                if (a.eventId != null) {
                    event.setEventId(a.eventId);
                }
                notify.setHeader(event);
                SubscriptionStateHeader subscriptionState;
                if (terminatedReason == null) {
                    subscriptionState = h.createSubscriptionStateHeader(SubscriptionStateHeader.ACTIVE);
                    subscriptionState.setExpires((int) a.secondsLeft(System.nanoTime()));
                } else {
                    subscriptionState = h.createSubscriptionStateHeader(SubscriptionStateHeader.TERMINATED);
                    if (!terminatedReason.isEmpty()) {
                        subscriptionState.setReasonCode(terminatedReason);
                    }
                }
                notify.setHeader(subscriptionState);
                if (state != null) {
                    notify.setContent(body(state, a.account), h.createContentTypeHeader(CONTENT_TYPE, CONTENT_SUBTYPE));
                }
                ClientTransaction ct = provider.getNewClientTransaction(notify);
                a.dialog.sendRequest(ct);
            } catch (Exception e) {
                LOG.debugf("subscription %s: NOTIFY not sent: %s", a.id, e.getMessage());
            }
        }
    }

    /** An RFC 3842 message summary. */
    static String body(MessageWaiting state, String account) {
        return "Messages-Waiting: " + (state.lampOn() ? "yes" : "no") + "\r\n"
                + "Message-Account: " + account + "\r\n"
                + "Voice-Message: " + state.newMessages() + "/" + state.oldMessages() + "\r\n";
    }

    /** No Accept header means the package's default type (RFC 3842 §3.3); otherwise it must be listed. */
    private static boolean acceptsSummary(Request request) {
        ListIterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        if (accepts == null || !accepts.hasNext()) {
            return true;
        }
        while (accepts.hasNext()) {
            AcceptHeader accept = (AcceptHeader) accepts.next();
            String type = accept.getContentType();
            String subtype = accept.getContentSubType();
            if (("*".equals(type) || CONTENT_TYPE.equalsIgnoreCase(type))
                    && ("*".equals(subtype) || CONTENT_SUBTYPE.equalsIgnoreCase(subtype))) {
                return true;
            }
        }
        return false;
    }
}
