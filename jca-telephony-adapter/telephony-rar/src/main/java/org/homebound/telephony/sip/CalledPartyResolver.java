package org.homebound.telephony.sip;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.homebound.telephony.api.DiversionReason;

/**
 * Reads why and for whom a call was diverted, trying in order: the RFC 4458 {@code target} and
 * {@code cause} parameters of the Request-URI, History-Info (RFC 7044), Diversion (RFC 5806), and
 * finally the To header (a call that was not diverted). A malformed source is skipped, not fatal:
 * a PBX's odd header must not cost a caller their message.
 */
final class CalledPartyResolver {

    private CalledPartyResolver() {
    }

    /**
     * @param requestUri      the Request-URI as text
     * @param historyInfo     all History-Info header values in order (may be empty)
     * @param diversion       all Diversion header values in order (may be empty)
     * @param toUri           the To header's URI
     */
    static CalledParty resolve(String requestUri, List<String> historyInfo, List<String> diversion, String toUri) {
        return fromRequestUri(requestUri)
                .or(() -> fromHistoryInfo(historyInfo))
                .or(() -> fromDiversion(diversion))
                .orElseGet(() -> new CalledParty(AddressEntry.userOf(toUri), DiversionReason.NOT_DIVERTED, "to"));
    }

    static Optional<CalledParty> fromRequestUri(String requestUri) {
        Map<String, String> params = new AddressEntry(requestUri, Map.of()).uriParams();
        String target = params.get("target");
        if (target == null || target.isEmpty()) {
            return Optional.empty();
        }
        String number = AddressEntry.userOf(AddressEntry.decode(target));
        if (number.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CalledParty(number, causeToReason(params.get("cause")), "rfc4458"));
    }

    static Optional<CalledParty> fromHistoryInfo(List<String> values) {
        List<AddressEntry> entries;
        try {
            entries = values.stream().flatMap(v -> AddressEntry.parseList(v).stream()).toList();
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        // RFC 7044 §10.2: the retargeted-to entry carries the RFC 4458 cause; its mp/rc tag names
        // the index of the entry it was retargeted from, which is the mailbox owner.
        for (int i = entries.size() - 1; i >= 0; i--) {
            AddressEntry e = entries.get(i);
            String cause = e.uriParams().get("cause");
            if (cause != null) {
                AddressEntry owner = parentOf(entries, i);
                if (owner != null && !owner.user().isEmpty()) {
                    return Optional.of(new CalledParty(owner.user(), causeToReason(cause), "history-info"));
                }
            }
        }
        // Older style: the entry that failed carries ?Reason=SIP;cause=NNN.
        for (int i = entries.size() - 1; i >= 0; i--) {
            AddressEntry e = entries.get(i);
            String reason = e.uriHeaders().get("reason");
            if (reason != null && !e.user().isEmpty()) {
                return Optional.of(new CalledParty(e.user(), causeToReason(reasonCause(reason)), "history-info"));
            }
        }
        if (entries.size() >= 2) {
            AddressEntry owner = entries.get(entries.size() - 2);
            if (!owner.user().isEmpty()) {
                return Optional.of(new CalledParty(owner.user(), DiversionReason.UNKNOWN, "history-info"));
            }
        }
        return Optional.empty();
    }

    private static AddressEntry parentOf(List<AddressEntry> entries, int child) {
        Map<String, String> tags = entries.get(child).params();
        String parentIndex = tags.getOrDefault("mp", tags.get("rc"));
        if (parentIndex != null) {
            for (AddressEntry e : entries) {
                if (parentIndex.equals(e.params().get("index"))) {
                    return e;
                }
            }
        }
        return child > 0 ? entries.get(child - 1) : null;
    }

    private static String reasonCause(String reason) {
        for (String part : reason.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("cause=")) {
                return p.substring("cause=".length());
            }
        }
        return null;
    }

    static Optional<CalledParty> fromDiversion(List<String> values) {
        for (String value : values) {
            List<AddressEntry> entries;
            try {
                entries = AddressEntry.parseList(value);
            } catch (IllegalArgumentException malformed) {
                return Optional.empty();
            }
            // RFC 5806 §4: the topmost entry is the most recent diversion, i.e. the last redirecting party.
            if (!entries.isEmpty() && !entries.get(0).user().isEmpty()) {
                AddressEntry top = entries.get(0);
                return Optional.of(new CalledParty(top.user(), diversionReason(top.params().get("reason")), "diversion"));
            }
        }
        return Optional.empty();
    }

    /** RFC 4458 §3.1 cause codes. */
    static DiversionReason causeToReason(String cause) {
        if (cause == null) {
            return DiversionReason.UNKNOWN;
        }
        return switch (cause.trim()) {
            case "486" -> DiversionReason.BUSY;
            case "408" -> DiversionReason.NO_ANSWER;
            case "302" -> DiversionReason.UNCONDITIONAL;
            case "487", "480" -> DiversionReason.DEFLECTION;
            case "404", "503" -> DiversionReason.UNAVAILABLE;
            default -> DiversionReason.UNKNOWN;
        };
    }

    /** RFC 5806 §4 diversion-reason tokens. */
    static DiversionReason diversionReason(String token) {
        if (token == null) {
            return DiversionReason.UNKNOWN;
        }
        return switch (token.trim().toLowerCase(Locale.ROOT)) {
            case "user-busy" -> DiversionReason.BUSY;
            case "no-answer" -> DiversionReason.NO_ANSWER;
            case "unconditional" -> DiversionReason.UNCONDITIONAL;
            case "do-not-disturb" -> DiversionReason.DO_NOT_DISTURB;
            case "unavailable", "out-of-service" -> DiversionReason.UNAVAILABLE;
            case "deflection" -> DiversionReason.DEFLECTION;
            default -> DiversionReason.UNKNOWN;
        };
    }
}
