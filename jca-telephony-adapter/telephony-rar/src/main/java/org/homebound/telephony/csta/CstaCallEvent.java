package org.homebound.telephony.csta;

import java.util.Locale;
import java.util.Optional;
import org.homebound.telephony.api.DiversionReason;

/**
 * The call events the driver acts on, read from whichever edition the switch speaks. Device fields
 * are the switch's identifiers; {@link #number} turns one into the number a dial plan knows.
 *
 * @param type              which event
 * @param monitorCrossRefId the monitor that reported it
 * @param callId            the switch's call identifier (of the connection the event is about)
 * @param device            the device of that connection (the alerting voicemail port, the cleared party)
 * @param callingDevice     who calls; empty if not known
 * @param calledDevice      the device originally called; empty if not known
 * @param redirectingDevice the last device that redirected the call (DivertedEvent: the diverting one); empty if none
 * @param newDestination    DivertedEvent: where the call went; else empty
 * @param cause             the event cause as the switch wrote it ("callForwardNoAnswer"), or empty
 */
public record CstaCallEvent(Type type, String monitorCrossRefId, String callId, String device, String callingDevice,
                            String calledDevice, String redirectingDevice, String newDestination, String cause) {

    public enum Type { DELIVERED, DIVERTED, CONNECTION_CLEARED }

    /** The event in a message, if it is one the driver acts on. */
    public static Optional<CstaCallEvent> of(CstaXml message) {
        return switch (message.name()) {
            case "DeliveredEvent" -> Optional.of(new CstaCallEvent(Type.DELIVERED, message.text("monitorCrossRefID"),
                    message.text("connection", "callID"), message.text("connection", "deviceID"),
                    device(message, "callingDevice"), device(message, "calledDevice"), device(message, "lastRedirectionDevice"),
                    "", message.text("cause")));
            case "DivertedEvent" -> Optional.of(new CstaCallEvent(Type.DIVERTED, message.text("monitorCrossRefID"),
                    message.text("connection", "callID"), message.text("connection", "deviceID"),
                    device(message, "callingDevice"), device(message, "calledDevice"), firstKnown(device(message, "divertingDevice"),
                    device(message, "lastRedirectionDevice")), device(message, "newDestination"), message.text("cause")));
            case "ConnectionClearedEvent" -> Optional.of(new CstaCallEvent(Type.CONNECTION_CLEARED, message.text("monitorCrossRefID"),
                    message.text("droppedConnection", "callID"), message.text("droppedConnection", "deviceID"),
                    "", "", "", "", message.text("cause")));
            default -> Optional.empty();
        };
    }

    /**
     * Why the call reached voicemail, from the ECMA-269 event cause. Without a cause, a call that
     * some device redirected was diverted for a reason not given; one nobody redirected was dialled.
     */
    public DiversionReason reason() {
        return switch (cause) {
            case "callForwardNoAnswer", "noAnswer" -> DiversionReason.NO_ANSWER;
            case "callForwardBusy", "busy" -> DiversionReason.BUSY;
            case "callForwardImmediate" -> DiversionReason.UNCONDITIONAL;
            case "doNotDisturb" -> DiversionReason.DO_NOT_DISTURB;
            case "destNotObtainable", "outOfService", "blocked" -> DiversionReason.UNAVAILABLE;
            case "redirected", "singleStepTransfer", "transfer" -> DiversionReason.DEFLECTION;
            case "callForward" -> DiversionReason.UNKNOWN;
            default -> redirectingDevice.isEmpty() && (calledDevice.isEmpty() || number(calledDevice).equals(number(device)))
                    ? DiversionReason.NOT_DIVERTED : DiversionReason.UNKNOWN;
        };
    }

    /**
     * The number in a device identifier: Avaya's "4001:CM1:10.0.0.1:0" → 4001, OpenScape's
     * "N&lt;+498970071234&gt;" → +498970071234, "sip:4001@pbx" or "tel:+4930555" → the user part;
     * anything else as it is.
     */
    public static String number(String deviceId) {
        String d = deviceId.trim();
        if (d.startsWith("N<") && d.endsWith(">")) {
            return d.substring(2, d.length() - 1);
        }
        String lower = d.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:") || lower.startsWith("tel:")) {
            String user = d.substring(d.indexOf(':') + 1);
            int end = indexOfAny(user, "@;?");
            return end < 0 ? user : user.substring(0, end);
        }
        int colon = d.indexOf(':');
        return colon > 0 ? d.substring(0, colon) : d;
    }

    /** A device field: its {@code deviceIdentifier}, or empty for notKnown / notRequired / restricted. */
    private static String device(CstaXml message, String field) {
        return message.path(field).map(f -> f.text("deviceIdentifier")).orElse("");
    }

    private static String firstKnown(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
