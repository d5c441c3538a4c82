package org.homebound.telephony.csta;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    /** Reported, not yet paired, oldest first (the order of reports is the order of time). */
    private final LinkedHashMap<String, Call> unpaired = new LinkedHashMap<>();
    private final Map<String, Call> pairedByCallId = new HashMap<>();
    private final Map<String, Call> pairedBySipCall = new HashMap<>();
    private final List<Waiting> waiting = new ArrayList<>();

    public CstaCalls(Duration window) {
        this.windowNanos = window.toNanos();
    }

    /** A call delivered to (or diverted to) a voicemail device; pairs it with an INVITE already waiting. */
    public void reported(String callId, String device, String calling, String mailbox, DiversionReason reason) {
        Call c = new Call(callId, device, calling, mailbox, reason, System.nanoTime());
        Waiting paired = null;
        synchronized (this) {
            if (pairedByCallId.containsKey(callId)) {
                return; // already has its SIP call: a later report (Delivered after Diverted) changes nothing
            }
            unpaired.remove(callId); // Delivered after Diverted: the newer report says more, and is newer
            for (Iterator<Waiting> i = waiting.iterator(); i.hasNext(); ) {
                Waiting w = i.next();
                if (matches(c, w.offered.callingNumber(), w.userToUser)) {
                    i.remove();
                    pairUp(c, w.offered.callId());
                    paired = w;
                    break;
                }
            }
            if (paired == null) {
                unpaired.put(callId, c);
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
        return Optional.ofNullable(pairedBySipCall.get(sipCallId));
    }

    /** The CSTA call with this id (the latest report of it). */
    public synchronized Optional<Call> byCallId(String cstaCallId) {
        Call c = pairedByCallId.get(cstaCallId);
        return Optional.ofNullable(c != null ? c : unpaired.get(cstaCallId));
    }

    /** The switch cleared the call: forget it. Returns it if it had been paired. */
    public synchronized Optional<Call> cleared(String cstaCallId) {
        unpaired.remove(cstaCallId);
        Call c = pairedByCallId.remove(cstaCallId);
        if (c != null) {
            pairedBySipCall.remove(c.sipCallId);
        }
        return Optional.ofNullable(c);
    }

    /**
     * After a reconnect: calls not yet paired at this device that the switch no longer had there
     * when it took the snapshot are forgotten. Only calls reported before the snapshot was asked for
     * (System.nanoTime) can be judged by it: one reported meanwhile is newer than the snapshot.
     */
    public synchronized int retainAt(String device, java.util.Set<String> presentCallIds, long snapshotAskedAt) {
        int before = unpaired.size();
        unpaired.values().removeIf(c -> c.device.equals(device) && c.reportedAt - snapshotAskedAt < 0 && !presentCallIds.contains(c.callId));
        return before - unpaired.size();
    }

    /** The SIP call is over: forget its partner. */
    public synchronized void sipCallEnded(String sipCallId) {
        Call c = pairedBySipCall.remove(sipCallId);
        if (c != null) {
            pairedByCallId.remove(c.callId);
        }
        waiting.removeIf(w -> w.offered.callId().equals(sipCallId)); // cancelled while waiting: nobody to tell
    }

    /**
     * Lets INVITEs that waited the whole window go on as SIP said, and forgets CSTA calls nobody
     * paired within it (paired ones live as long as their SIP call). Also on link loss
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
            for (Iterator<Call> i = unpaired.values().iterator(); i.hasNext(); ) {
                if (now - i.next().reportedAt <= windowNanos) {
                    break; // the rest are newer
                }
                i.remove();
            }
        }
        late.forEach(w -> w.deliver.accept(w.offered));
    }

    /** CSTA calls remembered, paired or not (for tests and monitoring). */
    public synchronized int size() {
        return unpaired.size() + pairedByCallId.size();
    }

    private void pairUp(Call c, String sipCallId) {
        c.sipCallId = sipCallId;
        pairedByCallId.put(c.callId, c);
        pairedBySipCall.put(sipCallId, c);
    }

    private Call pair(CallOffered fromSip, String userToUser) {
        long now = System.nanoTime();
        Call found = null;
        if (!userToUser.isEmpty()) {
            Call named = unpaired.get(userToUser); // the switch said which call it is
            if (named != null && now - named.reportedAt <= windowNanos) {
                found = named;
            }
        }
        if (found == null) {
            for (Call c : unpaired.values()) {
                if (now - c.reportedAt <= windowNanos && sameNumber(c.calling, fromSip.callingNumber())) {
                    found = c;
                    break;
                }
            }
        }
        if (found != null) {
            unpaired.remove(found.callId);
            pairUp(found, fromSip.callId());
        }
        return found;
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
