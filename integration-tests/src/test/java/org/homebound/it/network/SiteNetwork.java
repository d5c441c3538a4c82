package org.homebound.it.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.homebound.it.TestFiles;

/**
 * Prepares the servers of a test network the way an operator's tooling does: a network
 * description file, a network CA and a certificate from it per site ({@code homebound-tls}), a
 * base directory per site configured by {@code homebound-network configure-site} (outbound
 * queues, core bridges over TLS, peer logins, the site's bridge secret), the EAR in each site's
 * deployment folder, and an empty database per site.
 */
public final class SiteNetwork {

    public static final Path DIR = Path.of(System.getProperty("it.network.dir"));

    private SiteNetwork() {
    }

    private static final Path CA = DIR.resolve("tls");
    private static final Path OTHER_CA = DIR.resolve("other-ca");

    /** Sites that reach each other over TLS through their {@link Partition} relays (advertised ports). */
    public static void prepare(List<TestSite> sites) throws Exception {
        prepare(sites, true, true);
    }

    /**
     * @param relayed whether sites reach each other through relays (tests) or directly (benchmarks)
     * @param tls     whether they do over TLS (HTTPS, checked against the network's CA) or plain HTTP (to measure what TLS costs)
     */
    public static void prepare(List<TestSite> sites, boolean relayed, boolean tls) throws Exception {
        if (relayed && !tls) {
            throw new IllegalArgumentException("the relays stand in front of the sites' HTTPS ports");
        }
        Files.createDirectories(DIR);
        Path file = DIR.resolve("network.properties");
        StringBuilder text = new StringBuilder("network.sites = ")
                .append(sites.stream().map(TestSite::id).collect(Collectors.joining(", "))).append('\n');
        if (tls) {
            tool("homebound-tls", "ca", "--dir", CA.toString(), "--name", "Homebound test network CA");
            text.append("network.ca = ").append(CA.resolve("ca.pem")).append('\n');
        }
        for (TestSite s : sites) {
            int port = relayed ? s.advertisedPort() : tls ? s.httpsPort() : s.httpPort();
            String address = "127.0.0.1:" + port;
            text.append("site.").append(s.id()).append(".name = Test site ").append(s.id()).append('\n')
                    .append("site.").append(s.id()).append(".api = ").append(tls ? "https://" : "http://").append(address).append('\n')
                    .append("site.").append(s.id()).append(".messaging = ").append(address).append('\n')
                    .append("site.").append(s.id()).append(".ranges = ").append(s.ranges()).append('\n');
        }
        Files.writeString(file, text);
        Path configuration = Path.of(System.getProperty("homebound.server.home"), "standalone", "configuration");
        Path ear = Path.of(System.getProperty("homebound.ear"));
        for (TestSite s : sites) {
            Path base = DIR.resolve(s.id());
            TestFiles.deleteTree(base);
            copyTree(configuration, base.resolve("configuration"));
            Files.createDirectories(base.resolve("deployments"));
            Files.copy(ear, base.resolve("deployments").resolve("homebound.ear"), StandardCopyOption.REPLACE_EXISTING);
            if (tls) {
                presentCertificate(s, CA);
            } else {
                tool("homebound-tls", "server", "--base", base.toString());
            }
            tool("homebound-network", "configure-site", "--network", file.toString(), "--site", s.id(), "--base", base.toString());
            emptyDatabase(s);
        }
    }

    /**
     * Gives a (stopped) site a certificate from a CA the network does not trust, as an impostor or a
     * misconfigured site would present; {@link #presentNetworkCertificate} puts the right one back.
     */
    public static void presentForeignCertificate(TestSite s) throws Exception {
        tool("homebound-tls", "ca", "--dir", OTHER_CA.toString(), "--name", "Not the network's CA");
        presentCertificate(s, OTHER_CA);
    }

    public static void presentNetworkCertificate(TestSite s) throws Exception {
        presentCertificate(s, CA);
    }

    /** A certificate for 127.0.0.1 from {@code ca}, as the site's HTTPS certificate from its next start. */
    private static void presentCertificate(TestSite s, Path ca) throws Exception {
        Path store = ca.resolve(s.id() + ".p12");
        tool("homebound-tls", "issue", "--ca", ca.toString(), "--site", s.id(), "--hosts", "127.0.0.1,localhost", "--out", store.toString());
        tool(Map.of("HOMEBOUND_TLS_KEYSTORE_PASSWORD", Files.readString(store.resolveSibling(s.id() + ".p12.password")).trim()),
                "homebound-tls", "server", "--base", DIR.resolve(s.id()).toString(), "--keystore", store.toString());
    }

    /** The network's CA certificate (PEM), which a client of the sites' HTTPS trusts. */
    public static Path caCertificate() {
        return CA.resolve("ca.pem");
    }

    private static void tool(String name, String... args) throws Exception {
        tool(Map.of(), name, args);
    }

    /** One of wildfly-config/bin's operator commands. */
    private static void tool(Map<String, String> environment, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("homebound.network.command")).resolveSibling(name).toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOMEBOUND_SECRETS", DIR.resolve("secrets").toString());
        pb.environment().putAll(environment);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + output);
    }

    /** The site keeps its schema across restarts ("update"), so each test run starts from an empty one. */
    private static void emptyDatabase(TestSite s) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:5432/homebound_it_" + s.id();
        try (Connection c = DriverManager.getConnection(url, System.getProperty("it.db.user"), System.getenv("HOMEBOUND_DB_PASSWORD"));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (f.toString().contains("standalone_xml_history")) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
