package org.homebound.telephony.sip;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of a name-addr list header (Diversion, History-Info): the URI and the header
 * parameters after it. Parsed leniently from the raw header text, since JAIN-SIP treats these
 * headers as opaque extensions.
 */
record AddressEntry(String uri, Map<String, String> params) {

    /** Splits a header value into its comma-separated entries, respecting quotes and angle brackets. */
    static List<AddressEntry> parseList(String headerValue) {
        List<AddressEntry> entries = new ArrayList<>();
        if (headerValue == null) {
            return entries;
        }
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < headerValue.length(); i++) {
            char c = headerValue.charAt(i);
            if (c == '"' && (i == 0 || headerValue.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                depth++;
            } else if (!quoted && c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (!quoted && depth == 0 && c == ',') {
                addEntry(entries, headerValue.substring(start, i));
                start = i + 1;
            }
        }
        addEntry(entries, headerValue.substring(start));
        return entries;
    }

    private static void addEntry(List<AddressEntry> entries, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return;
        }
        String uri;
        String rest;
        int lt = t.indexOf('<');
        if (lt >= 0) {
            int gt = t.indexOf('>', lt);
            if (gt < 0) {
                throw new IllegalArgumentException("unterminated '<' in address: " + t);
            }
            uri = t.substring(lt + 1, gt).trim();
            rest = t.substring(gt + 1);
        } else {
            int semi = t.indexOf(';');
            uri = semi < 0 ? t : t.substring(0, semi).trim();
            rest = semi < 0 ? "" : t.substring(semi);
        }
        entries.add(new AddressEntry(uri, parseParams(rest)));
    }

    static Map<String, String> parseParams(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String p : text.split(";")) {
            String kv = p.trim();
            if (kv.isEmpty()) {
                continue;
            }
            int eq = kv.indexOf('=');
            String key = (eq < 0 ? kv : kv.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : unquote(kv.substring(eq + 1).trim());
            params.putIfAbsent(key, value);
        }
        return Collections.unmodifiableMap(params);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** The user part of the URI: the extension or number it addresses. Empty if there is none. */
    String user() {
        return userOf(uri);
    }

    /** Parameters carried inside the URI itself ({@code sip:a@b;cause=486}). */
    Map<String, String> uriParams() {
        String u = uri;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q);
        }
        int at = u.indexOf('@');
        int semi = u.indexOf(';', Math.max(at, 0));
        return semi < 0 ? Map.of() : parseParams(u.substring(semi));
    }

    /** Headers embedded in the URI ({@code ?Reason=SIP%3Bcause%3D408}), names lower-cased, values decoded. */
    Map<String, String> uriHeaders() {
        int q = uri.indexOf('?');
        if (q < 0) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : uri.substring(q + 1).split("&")) {
            int eq = h.indexOf('=');
            if (eq > 0) {
                headers.put(h.substring(0, eq).toLowerCase(Locale.ROOT), decode(h.substring(eq + 1)));
            }
        }
        return headers;
    }

    static String userOf(String uri) {
        if (uri == null) {
            return "";
        }
        String u = decode(uri.trim());
        int colon = u.indexOf(':');
        String scheme = colon < 0 ? "" : u.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = colon < 0 ? u : u.substring(colon + 1);
        if (scheme.equals("tel")) {
            int semi = rest.indexOf(';');
            return semi < 0 ? rest : rest.substring(0, semi);
        }
        int at = rest.indexOf('@');
        if (at < 0) {
            return "";
        }
        String user = rest.substring(0, at);
        int semi = user.indexOf(';'); // user parameters, e.g. ;phone-context
        return semi < 0 ? user : user.substring(0, semi);
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
