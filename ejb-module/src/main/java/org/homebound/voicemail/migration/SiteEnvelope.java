package org.homebound.voicemail.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.homebound.voicemail.domain.greeting.Greeting;
import org.homebound.voicemail.domain.message.AudioFormat;
import org.homebound.voicemail.domain.message.MessageAudio;

/**
 * What travels between sites, as JMS message properties (the audio, if any, is the body). A
 * voice message goes from its recording site to its home site; a receipt comes back. A mailbox's
 * home site sends every change of its greeting to every peer (receivedAt: when it changed).
 * Everything read from the wire is checked here before any of it is believed.
 */
public record SiteEnvelope(Kind kind, UUID messageId, String fromSite, String toSite, String extension, String callerNumber,
                           Instant receivedAt, long durationMillis, AudioFormat audioFormat, String reason,
                           Outcome outcome, String detail) {

    public enum Kind { VOICE_MESSAGE, RECEIPT, GREETING, GREETING_REMOVED }

    /** What the home site did with a message. */
    public enum Outcome { DELIVERED, UNDELIVERABLE }

    static final String KIND = "hbKind";
    static final String MESSAGE_ID = "hbMessageId";
    static final String FROM = "hbFromSite";
    static final String TO = "hbToSite";
    static final String EXTENSION = "hbExtension";
    static final String CALLER = "hbCaller";
    static final String RECEIVED_AT = "hbReceivedAt";
    static final String DURATION = "hbDurationMillis";
    static final String FORMAT = "hbAudioFormat";
    static final String REASON = "hbReason";
    static final String OUTCOME = "hbOutcome";
    static final String DETAIL = "hbDetail";

    private static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");
    private static final Pattern EXTENSION_FORMAT = Pattern.compile("[0-9]{1,32}");

    public static SiteEnvelope voiceMessage(UUID id, String from, String to, String extension, String caller, Instant receivedAt,
                                            long durationMillis, AudioFormat format, String reason) {
        return new SiteEnvelope(Kind.VOICE_MESSAGE, id, from, to, extension, caller, receivedAt, durationMillis, format, reason, null, null);
    }

    public static SiteEnvelope receipt(UUID id, String from, String to, Outcome outcome, String detail) {
        return new SiteEnvelope(Kind.RECEIPT, id, from, to, null, null, null, 0, null, null, outcome, detail);
    }

    /** A mailbox's new greeting, from its home site to a peer; changedAt orders the versions. */
    public static SiteEnvelope greeting(String from, String to, String extension, Instant changedAt, long durationMillis, AudioFormat format) {
        return new SiteEnvelope(Kind.GREETING, UUID.randomUUID(), from, to, extension, null, changedAt, durationMillis, format, null, null, null);
    }

    /** A mailbox's greeting removed at its home site: the default is played again. */
    public static SiteEnvelope greetingRemoved(String from, String to, String extension, Instant changedAt) {
        return new SiteEnvelope(Kind.GREETING_REMOVED, UUID.randomUUID(), from, to, extension, null, changedAt, 0, null, null, null, null);
    }

    /** Artemis duplicate-detection id: the same message id sent twice is stored once by the broker too. */
    public String duplicateId() {
        return kind + ":" + messageId + ":" + (outcome == null ? "" : outcome);
    }

    public Map<String, Object> toProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(KIND, kind.name());
        p.put(MESSAGE_ID, messageId.toString());
        p.put(FROM, fromSite);
        p.put(TO, toSite);
        if (kind == Kind.VOICE_MESSAGE) {
            p.put(EXTENSION, extension);
            p.put(CALLER, callerNumber);
            p.put(RECEIVED_AT, receivedAt.toEpochMilli());
            p.put(DURATION, durationMillis);
            p.put(FORMAT, audioFormat.name());
            if (reason != null) {
                p.put(REASON, reason);
            }
        } else if (kind == Kind.GREETING || kind == Kind.GREETING_REMOVED) {
            p.put(EXTENSION, extension);
            p.put(RECEIVED_AT, receivedAt.toEpochMilli());
            if (kind == Kind.GREETING) {
                p.put(DURATION, durationMillis);
                p.put(FORMAT, audioFormat.name());
            }
        } else {
            p.put(OUTCOME, outcome.name());
            if (detail != null) {
                p.put(DETAIL, detail);
            }
        }
        return p;
    }

    /**
     * Reads and checks an envelope; audioLength is the body's size (-1 when unknown).
     *
     * @throws InvalidEnvelope naming every problem found
     */
    public static SiteEnvelope fromProperties(Map<String, ?> p, long audioLength) {
        List<String> problems = new ArrayList<>();
        Kind kind = enumOf(Kind.class, p.get(KIND), KIND, problems);
        UUID id = null;
        try {
            id = UUID.fromString(text(p, MESSAGE_ID, 36, problems));
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(MESSAGE_ID + " is not a UUID");
        }
        String from = siteId(p, FROM, problems);
        String to = siteId(p, TO, problems);
        if (kind == Kind.VOICE_MESSAGE) {
            String extension = extension(p, problems);
            String caller = text(p, CALLER, 64, problems);
            long at = number(p, RECEIVED_AT, problems);
            long duration = number(p, DURATION, problems);
            AudioFormat format = enumOf(AudioFormat.class, p.get(FORMAT), FORMAT, problems);
            String reason = p.get(REASON) == null ? null : text(p, REASON, 32, problems);
            if (audioLength > MessageAudio.MAX_BYTES) {
                problems.add("audio of " + audioLength + " bytes is more than the " + MessageAudio.MAX_BYTES + " bytes a message may have");
            } else if (audioLength == 0) {
                problems.add("the message has no audio");
            } else if (audioLength > 0 && format != null && !format.compressed() && Math.abs(audioLength / 8 - duration) > 1) {
                // G.711 is 8 bytes a millisecond; compressed audio is decoded and checked by InboundDelivery.
                problems.add("audio of " + audioLength + " bytes does not last the " + duration + " ms the message claims");
            }
            fail(problems);
            return voiceMessage(id, from, to, extension, caller, Instant.ofEpochMilli(at), duration, format, reason);
        }
        if (kind == Kind.GREETING || kind == Kind.GREETING_REMOVED) {
            String extension = extension(p, problems);
            long at = number(p, RECEIVED_AT, problems);
            if (kind == Kind.GREETING_REMOVED) {
                fail(problems);
                return new SiteEnvelope(Kind.GREETING_REMOVED, id, from, to, extension, null, Instant.ofEpochMilli(at), 0, null, null, null, null);
            }
            long duration = number(p, DURATION, problems);
            AudioFormat format = enumOf(AudioFormat.class, p.get(FORMAT), FORMAT, problems);
            if (format != null && !format.compressed()) {
                problems.add("a greeting travels compressed, not as " + format);
            }
            if (audioLength > Greeting.MAX_BYTES) {
                problems.add("a greeting of " + audioLength + " bytes is more than the " + Greeting.MAX_BYTES + " bytes one may have");
            } else if (audioLength == 0) {
                problems.add("the greeting has no audio");
            }
            fail(problems);
            return new SiteEnvelope(Kind.GREETING, id, from, to, extension, null, Instant.ofEpochMilli(at), duration, format, null, null, null);
        }
        Outcome outcome = enumOf(Outcome.class, p.get(OUTCOME), OUTCOME, problems);
        String detail = p.get(DETAIL) == null ? null : text(p, DETAIL, 300, problems);
        fail(problems);
        return receipt(id, from, to, outcome, detail);
    }

    private static String extension(Map<String, ?> p, List<String> problems) {
        String extension = text(p, EXTENSION, 32, problems);
        if (extension != null && !EXTENSION_FORMAT.matcher(extension).matches()) {
            problems.add(EXTENSION + " '" + extension + "' is not an extension");
        }
        return extension;
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidEnvelope(String.join("; ", problems));
        }
    }

    private static String text(Map<String, ?> p, String key, int max, List<String> problems) {
        Object v = p.get(key);
        if (!(v instanceof String s) || s.length() > max) {
            problems.add(key + (v == null ? " is missing" : " must be text of at most " + max + " characters"));
            return null;
        }
        return s;
    }

    private static String siteId(Map<String, ?> p, String key, List<String> problems) {
        String s = text(p, key, 31, problems);
        if (s != null && !SITE_ID.matcher(s).matches()) {
            problems.add(key + " '" + s + "' is not a site id");
            return null;
        }
        return s;
    }

    private static long number(Map<String, ?> p, String key, List<String> problems) {
        Object v = p.get(key);
        if (v instanceof Long || v instanceof Integer) {
            long n = ((Number) v).longValue();
            if (n >= 0) {
                return n;
            }
        }
        problems.add(key + " must be a non-negative whole number");
        return 0;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, Object value, String key, List<String> problems) {
        if (value instanceof String s) {
            try {
                return Enum.valueOf(type, s);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        problems.add(key + " '" + value + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        return null;
    }

    /** An envelope that cannot be believed: it is logged and dropped, never stored. */
    public static final class InvalidEnvelope extends RuntimeException {
        public InvalidEnvelope(String message) {
            super(message);
        }
    }
}
