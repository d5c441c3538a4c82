package org.homebound.telephony.csta;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;

/**
 * Pairs the calls the switch reports over CSTA with the SIP calls that carry their audio. The rule
 * (the switch routes a call delivered to a voicemail device over the SIP trunk to the voicemail
 * port, and the two reports race each other):
 * <ol>
 * <li>If the INVITE carries user-to-user data (RFC 7433 User-to-User, as switches copy their UUI
 * into it) equal to a CSTA call id, that call.</li>
 * <li>Otherwise the oldest CSTA call not yet paired whose calling number is the INVITE's (equal, or
 * one ends with the other and the shorter has at least four digits: national and E.164 forms),
 * reported no longer ago than the correlation window.</li>
 * </ol>
 * An INVITE that finds no partner waits up to the window for one (while the CTI link is up); then
 * it goes on with what SIP said. A CSTA call never paired within the window is forgotten.
 * Thread-safe; all methods are short.
 */
public final class CstaCalls {

    /** One call reported at a voicemail device, and the SIP call it became. */
    public static final class Call {
        final String callId;
        final String device;
        final String calling;
        final String mailbox;
        final DiversionReason reason;
        final long reportedAt;
        volatile String sipCallId;

        Call(String callId, String device, String calling, String mailbox, DiversionReason reason, long reportedAt) {
            this.callId = callId;
            this.device = device;
            this.calling = calling;
            this.mailbox = mailbox;
            this.reason = reason;
            this.reportedAt = reportedAt;
        }

        public String callId() {
            return callId;
        }

        /** The voicemail device it was delivered to, as the switch names it. */
        public String device() {
            return device;
        }

        public String mailbox() {
            return mailbox;
        }

        public DiversionReason reason() {
            return reason;
        }
    }

    private record Waiting(CallOffered offered, String userToUser, Consumer<CallOffered> deliver, long since) {
    }

    private final long windowNanos;
    private final LinkedList<Call> calls = new LinkedList<>();
    private final List<Waiting> waiting = new ArrayList<>();

    public CstaCalls(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** A call delivered to (or diverted to) a voicemail device; pairs it with an INVITE already waiting. */
    public void reported(String callId, String device, String calling, String mailbox, DiversionReason reason) {
        Call c = new Call(callId, device, calling, mailbox, reason, System.nanoTime());
        Waiting paired = null;
        synchronized (this) {
            calls.removeIf(old -> old.callId.equals(callId) && old.sipCallId == null); // Delivered after Diverted: the newer says more
            calls.add(c);
            for (Iterator<Waiting> i = waiting.iterator(); i.hasNext(); ) {
                Waiting w = i.next();
                if (matches(c, w.offered.callingNumber(), w.userToUser)) {
                    i.remove();
                    c.sipCallId = w.offered.callId();
                    paired = w;
                    break;
                }
            }
        }
        if (paired != null) {
            paired.deliver.accept(enrich(paired.offered, c));
        }
    }

    /**
     * An INVITE arrived: {@code deliver} gets its CallOffered - completed from the CSTA call it
     * pairs with - at once, or when the partner is reported, or as SIP said it after the window
     * ({@link #expire}). With {@code wait} false (no CTI link) there is no waiting.
     */
    public void offered(CallOffered fromSip, String userToUser, boolean wait, Consumer<CallOffered> deliver) {
        Call partner;
        synchronized (this) {
            partner = pair(fromSip, userToUser);
            if (partner == null && wait) {
                waiting.add(new Waiting(fromSip, userToUser, deliver, System.nanoTime()));
                return;
            }
        }
        deliver.accept(partner == null ? fromSip : enrich(fromSip, partner));
    }

    /** The CSTA call a SIP call was paired with. */
    public synchronized Optional<Call> ofSipCall(String sipCallId) {
        return calls.stream().filter(c -> sipCallId.equals(c.sipCallId)).findFirst();
    }

    /** The CSTA call with this id (the latest report of it). */
    public synchronized Optional<Call> byCallId(String cstaCallId) {
        for (Iterator<Call> i = calls.descendingIterator(); i.hasNext(); ) {
            Call c = i.next();
            if (c.callId.equals(cstaCallId)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The switch cleared the call: forget it. Returns it if it had been paired. */
    public synchronized Optional<Call> cleared(String cstaCallId) {
        Optional<Call> c = byCallId(cstaCallId);
        c.ifPresent(calls::remove);
        return c.filter(x -> x.sipCallId != null);
    }

    /** After a reconnect: calls not yet paired at this device that the switch no longer has there are forgotten. */
    public synchronized int retainAt(String device, java.util.Set<String> presentCallIds) {
        int before = calls.size();
        calls.removeIf(c -> c.sipCallId == null && c.device.equals(device) && !presentCallIds.contains(c.callId));
        return before - calls.size();
    }

    /** The SIP call is over: forget its partner. */
    public synchronized void sipCallEnded(String sipCallId) {
        calls.removeIf(c -> sipCallId.equals(c.sipCallId));
        waiting.removeIf(w -> w.offered.callId().equals(sipCallId)); // cancelled while waiting: nobody to tell
    }

    /**
     * Lets INVITEs that waited the whole window go on as SIP said, and forgets CSTA calls nobody
     * paired within it (or, if paired, after an hour: a lost ConnectionCleared). Also on link loss
     * ({@code all}): nothing waits for a partner that cannot come.
     */
    public void expire(boolean all) {
        long now = System.nanoTime();
        List<Waiting> late = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Waiting> i = waiting.iterator(); i.hasNext(); ) {
                Waiting w = i.next();
                if (all || now - w.since >= windowNanos) {
                    i.remove();
                    late.add(w);
                }
            }
            calls.removeIf(c -> now - c.reportedAt > (c.sipCallId == null ? windowNanos : Duration.ofHours(1).toNanos()));
        }
        late.forEach(w -> w.deliver.accept(w.offered));
    }

    /** CSTA calls remembered (for tests and monitoring). */
    public synchronized int size() {
        return calls.size();
    }

    private Call pair(CallOffered fromSip, String userToUser) {
        long now = System.nanoTime();
        Call byNumber = null;
        for (Call c : calls) {
            if (c.sipCallId != null || now - c.reportedAt > windowNanos) {
                continue;
            }
            if (!userToUser.isEmpty() && userToUser.equals(c.callId)) {
                byNumber = c; // the switch said which call it is: nothing else counts
                break;
            }
            if (byNumber == null && sameNumber(c.calling, fromSip.callingNumber())) {
                byNumber = c;
            }
        }
        if (byNumber != null) {
            byNumber.sipCallId = fromSip.callId();
        }
        return byNumber;
    }

    private static boolean matches(Call c, String callingNumber, String userToUser) {
        return (!userToUser.isEmpty() && userToUser.equals(c.callId)) || sameNumber(c.calling, callingNumber);
    }

    /** Equal digits, or one the tail of the other with at least four digits (0301234 and +49301234). */
    static boolean sameNumber(String a, String b) {
        String x = a.replaceAll("[^0-9]", "");
        String y = b.replaceAll("[^0-9]", "");
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        if (x.equals(y)) {
            return true;
        }
        String shorter = x.length() < y.length() ? x : y;
        String longer = shorter == x ? y : x;
        String national = shorter.replaceFirst("^0+", "");
        return national.length() >= 4 && longer.endsWith(national);
    }

    private static CallOffered enrich(CallOffered fromSip, Call c) {
        return new CallOffered(fromSip.callId(), c.calling.isEmpty() ? fromSip.callingNumber() : c.calling,
                c.mailbox.isEmpty() ? fromSip.calledNumber() : c.mailbox, c.reason, fromSip.dialledNumber(), "csta", fromSip.offeredAt());
    }
}
