package org.homebound.telephony.csta;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach one switch's CSTA interface and what to do there.
 *
 * @param host               the switch's CSTA server (AES, OpenScape CSTA, ...); empty: no CTI link
 * @param port               its TCP port
 * @param tls                TLS instead of plain TCP ({@link Tls#PLAIN}); the switch's certificate must name {@code host}
 * @param edition            the ECMA-323 edition (namespace) spoken to this switch
 * @param applicationId      the applicationID of StartApplicationSession
 * @param sessionDuration    the session duration asked for; the timer is reset at half of what the switch grants
 * @param voicemailDevices   the voicemail pilot / hunt group / ports: calls delivered there are offered to Homebound
 * @param subscriberDevices  subscriber extensions monitored too (their lamps are Homebound's)
 * @param deviceFormat       how an extension becomes a device identifier: "{number}", Avaya "{number}:CM1::0"
 * @param loginHook          vendor login data in StartApplicationSession: "", "avaya", or a class implementing {@link CstaLoginHook}
 * @param user               for the login hook
 * @param password           for the login hook (from the server's configuration, never the repository)
 * @param requestTimeout     how long a request waits for the switch's answer
 * @param reconnectMin       first wait before connecting again after a failure; doubles each time
 * @param reconnectMax       the longest wait between attempts
 * @param correlationWindow  how long a CSTA call and the SIP call it becomes may be apart
 */
public record CstaSettings(String host, int port, Tls tls, CstaEdition edition, String applicationId, Duration sessionDuration,
                           List<String> voicemailDevices, List<String> subscriberDevices, String deviceFormat, String loginHook,
                           String user, String password, Duration requestTimeout, Duration reconnectMin, Duration reconnectMax,
                           Duration correlationWindow) {

    /**
     * TLS to the switch.
     *
     * @param on                TLS, else plain TCP (and nothing below matters)
     * @param trustCertificates a PEM file of the certificates (the switch's own or its CA's) trusted; empty: the JVM's trust store
     * @param keyStore          a PKCS#12 file with Homebound's own key and certificate chain, presented when the switch
     *                          asks for a client certificate (mutual TLS); empty: none
     * @param keyStorePassword  that file's password (from the environment, never the server configuration)
     */
    public record Tls(boolean on, String trustCertificates, String keyStore, String keyStorePassword) {
        public static final Tls PLAIN = new Tls(false, "", "", "");

        /** TLS trusting {@code trustCertificates}, no client certificate. */
        public static Tls trusting(String trustCertificates) {
            return new Tls(true, trustCertificates, "", "");
        }

        @Override
        public String toString() {
            return on ? "TLS(trust " + (trustCertificates.isBlank() ? "JVM default" : trustCertificates)
                    + (keyStore.isBlank() ? "" : ", client certificate from " + keyStore) + ")" : "plain TCP";
        }
    }

    public CstaSettings {
        Objects.requireNonNull(tls, "tls");
        voicemailDevices = List.copyOf(voicemailDevices);
        subscriberDevices = List.copyOf(subscriberDevices);
        if (!deviceFormat.contains("{number}")) {
            throw new IllegalArgumentException("device format '" + deviceFormat + "' has no {number}");
        }
    }

    public boolean enabled() {
        return !host.isBlank();
    }

    /** Without the password: settings end up in logs and failure messages. */
    @Override
    public String toString() {
        return "CSTA " + edition + " at " + host + ":" + port + " over " + tls + ", application " + applicationId
                + ", voicemail " + voicemailDevices + ", " + subscriberDevices.size() + " subscriber devices"
                + (loginHook.isBlank() ? "" : ", login " + loginHook + " as '" + user + "'");
    }

    /** The switch's identifier for an extension. */
    public String device(String number) {
        return deviceFormat.replace("{number}", number);
    }

    /** Whether a device (in any of the switch's spellings) is one of the voicemail devices. */
    public boolean isVoicemail(String deviceId) {
        String n = CstaCallEvent.number(deviceId);
        return !n.isEmpty() && voicemailDevices.contains(n);
    }

    /**
     * A device list as configured: numbers and ranges, comma-separated ("8000, 4000-4099").
     * Ranges keep the width of their first number (0100-0199).
     */
    public static List<String> parseDevices(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-', 1);
            if (dash < 0) {
                out.add(p);
                continue;
            }
            String from = p.substring(0, dash).trim();
            String to = p.substring(dash + 1).trim();
            if (!from.matches("\\d{1,9}") || !to.matches("\\d{1,9}") || Long.parseLong(to) < Long.parseLong(from)) {
                throw new IllegalArgumentException("'" + p + "' is not a range of numbers");
            }
            if (Long.parseLong(to) - Long.parseLong(from) >= 10_000) {
                throw new IllegalArgumentException("range '" + p + "' has more than 10,000 devices");
            }
            for (long n = Long.parseLong(from); n <= Long.parseLong(to); n++) {
                out.add(String.format("%0" + from.length() + "d", n));
            }
        }
        return new ArrayList<>(out);
    }
}
