package org.homebound.voicemail.configuration;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The network description file: every site of the company, its addresses and its extension
 * ranges, plus per-mailbox overrides. The same file is given to every site; the
 * {@code homebound-network} command reads it too (for bridges and port offsets). Format
 * (Java properties):
 * <pre>
 * network.sites = berlin, munich
 * site.berlin.name = Berlin head office
 * site.berlin.api = http://10.1.0.5:8080
 * site.berlin.messaging = 10.1.0.5:8080
 * site.berlin.ranges = 2000-2999, 5000-5099
 * override.2999 = munich
 * network.ca = tls/ca.pem
 * </pre>
 * {@code network.ca} (relative to the file) is the PEM file of the certificates a peer's must chain
 * to: the network's CA, or the peers' own certificates. Sites whose API address is https are
 * reached over TLS, their bridges too; with {@code network.ca}, every site must be.
 *
 * @param trust the network.ca file, or null (then https peers are checked against the JVM's public CAs)
 */
public record NetworkDescription(List<DirectorySnapshot.SiteEntry> sites, List<DirectorySnapshot.Range> ranges, Map<String, String> overrides,
                                 Path trust) {

    private static final Pattern SITE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");
    /** Keys the operator tooling reads; the server only checks they belong to a known site. */
    private static final Set<String> SITE_KEYS = Set.of("name", "api", "messaging", "ranges", "port-offset", "sip-port", "db");

    public static NetworkDescription read(Path file) {
        try (Reader in = Files.newBufferedReader(file)) {
            return parse(in, file.toString(), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the network description " + file + ": " + e.getMessage(), e);
        }
    }

    public static NetworkDescription parse(String text) {
        try {
            return parse(new StringReader(text), "network description", Path.of("."));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static NetworkDescription parse(Reader in, String source, Path directory) throws IOException {
        Properties p = new Properties();
        p.load(in);
        String list = p.getProperty("network.sites", "").trim();
        if (list.isEmpty()) {
            throw new IllegalArgumentException(source + ": network.sites lists no site");
        }
        List<String> ids = Arrays.stream(list.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
        Map<String, DirectorySnapshot.SiteEntry> sites = new LinkedHashMap<>();
        List<DirectorySnapshot.Range> ranges = new ArrayList<>();
        for (String id : ids) {
            if (sites.containsKey(id)) {
                throw new IllegalArgumentException(source + ": site " + id + " is listed twice");
            }
            try {
                sites.put(id, site(id, p.getProperty("site." + id + ".name"), p.getProperty("site." + id + ".api"),
                        p.getProperty("site." + id + ".messaging")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
            for (String r : p.getProperty("site." + id + ".ranges", "").split(",")) {
                if (!r.isBlank()) {
                    ranges.add(DirectorySnapshot.Range.parse(r, id));
                }
            }
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            if (key.startsWith("override.")) {
                String extension = key.substring("override.".length());
                if (extension.isEmpty() || !extension.chars().allMatch(Character::isDigit) || !sites.containsKey(value)) {
                    throw new IllegalArgumentException(source + ": " + key + " = " + value + " must map an extension to a listed site");
                }
                overrides.put(extension, value);
            } else if (key.startsWith("site.")) {
                String[] parts = key.split("\\.", 3);
                if (parts.length != 3 || !sites.containsKey(parts[1]) || !SITE_KEYS.contains(parts[2])) {
                    throw new IllegalArgumentException(source + ": unknown setting " + key);
                }
            } else if (!key.equals("network.sites") && !key.equals("network.ca")) {
                throw new IllegalArgumentException(source + ": unknown setting " + key);
            }
        }
        try {
            DirectorySnapshot.checkOverlaps(ranges);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        String ca = p.getProperty("network.ca", "").trim();
        if (!ca.isEmpty()) {
            for (DirectorySnapshot.SiteEntry site : sites.values()) {
                if (!site.apiAddress().startsWith("https:")) {
                    throw new IllegalArgumentException(source + ": site." + site.id() + ".api = " + site.apiAddress()
                            + " must be https in a network with a CA (network.ca): messages between sites travel only over TLS");
                }
            }
        }
        return new NetworkDescription(List.copyOf(sites.values()), ranges, overrides, ca.isEmpty() ? null : directory.resolve(ca).normalize());
    }

    /** One site, checked as the network file's entries are (the admin API adds sites through here too). */
    public static DirectorySnapshot.SiteEntry site(String id, String name, String api, String messaging) {
        if (id == null || !SITE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("site id '" + id + "' must be lower-case letters, digits and '-'");
        }
        if (api == null || messaging == null) {
            throw new IllegalArgumentException("site " + id + " needs site." + id + ".api and site." + id + ".messaging");
        }
        checkApi(id, api.trim());
        checkHostPort(id, messaging.trim());
        return new DirectorySnapshot.SiteEntry(id, name == null || name.isBlank() ? id : name.trim(), api.trim(), messaging.trim());
    }

    private static void checkApi(String id, String api) {
        try {
            URI uri = URI.create(api);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site." + id + ".api = " + api + " is not an http(s) URL", e);
        }
    }

    private static void checkHostPort(String id, String address) {
        int colon = address.lastIndexOf(':');
        boolean ok = colon > 0 && colon < address.length() - 1 && address.substring(colon + 1).chars().allMatch(Character::isDigit);
        if (!ok) {
            throw new IllegalArgumentException("site." + id + ".messaging = " + address + " must be host:port");
        }
    }

    public DirectorySnapshot toSnapshot(String localSiteId) {
        Map<String, DirectorySnapshot.SiteEntry> byId = new LinkedHashMap<>();
        sites.forEach(s -> byId.put(s.id(), s));
        return new DirectorySnapshot(localSiteId, byId, ranges, overrides);
    }
}
