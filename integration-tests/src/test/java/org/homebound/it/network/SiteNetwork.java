package org.homebound.it.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Prepares the servers of a test network the way an operator's tooling does: a network
 * description file, a base directory per site configured by {@code homebound-network
 * configure-site} (outbound queues, core bridges, peer logins, the site's bridge secret), the EAR
 * in each site's deployment folder, and an empty database per site.
 */
public final class SiteNetwork {

    public static final Path DIR = Path.of(System.getProperty("it.network.dir"));

    private SiteNetwork() {
    }

    /** Sites that reach each other through their {@link Partition} relays (advertised ports). */
    public static void prepare(List<TestSite> sites) throws Exception {
        prepare(sites, true);
    }

    /** @param relayed whether sites reach each other through relays (tests) or directly (benchmarks) */
    public static void prepare(List<TestSite> sites, boolean relayed) throws Exception {
        Files.createDirectories(DIR);
        Path file = DIR.resolve("network.properties");
        StringBuilder text = new StringBuilder("network.sites = ")
                .append(sites.stream().map(TestSite::id).collect(Collectors.joining(", "))).append('\n');
        for (TestSite s : sites) {
            String address = "127.0.0.1:" + (relayed ? s.advertisedPort() : s.httpPort());
            text.append("site.").append(s.id()).append(".name = Test site ").append(s.id()).append('\n')
                    .append("site.").append(s.id()).append(".api = http://").append(address).append('\n')
                    .append("site.").append(s.id()).append(".messaging = ").append(address).append('\n')
                    .append("site.").append(s.id()).append(".ranges = ").append(s.ranges()).append('\n');
        }
        Files.writeString(file, text);
        Path configuration = Path.of(System.getProperty("homebound.server.home"), "standalone", "configuration");
        Path ear = Path.of(System.getProperty("homebound.ear"));
        for (TestSite s : sites) {
            Path base = DIR.resolve(s.id());
            deleteTree(base);
            copyTree(configuration, base.resolve("configuration"));
            Files.createDirectories(base.resolve("deployments"));
            Files.copy(ear, base.resolve("deployments").resolve("homebound.ear"), StandardCopyOption.REPLACE_EXISTING);
            run(System.getProperty("homebound.network.command"), "configure-site", "--network", file.toString(), "--site", s.id(),
                    "--base", base.toString());
            emptyDatabase(s);
        }
    }

    private static void run(String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("HOMEBOUND_SECRETS", DIR.resolve("secrets").toString());
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

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
