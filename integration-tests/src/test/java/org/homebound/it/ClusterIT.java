package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A site of two servers (issue 17, first step): {@code homebound-site start --node 1} and
 * {@code --node 2} of one site on its PostgreSQL find each other through the site's database
 * (JGroups JDBC_PING) and form one cluster, seen in each node's own view of its channel; the
 * site's once-per-site work runs on one node (WildFly's singleton service, SiteRole) and moves to
 * the other when that one is killed; a node killed leaves the view, and comes back into it when
 * started again. Queues, caches and the CTI link come in the next steps of the issue.
 */
class ClusterIT {

    private static final String SITE = "clustered";
    private static final int OFFSET = 1000; // node 1; node 2 at 1100
    private static final Path WORK = Path.of(System.getProperty("it.work.dir"), "cluster");
    private static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
    private static final Pattern VIEW_SIZE = Pattern.compile("\\] \\((\\d+)\\) \\[");
    private static final String DB = "jdbc:postgresql://127.0.0.1:5432/homebound_it_cluster";

    @BeforeAll
    static void emptyDatabase() throws Exception {
        TestFiles.deleteTree(WORK);
        Files.createDirectories(WORK);
        try (Connection c = DriverManager.getConnection(DB, System.getProperty("it.db.user"), System.getenv("HOMEBOUND_DB_PASSWORD"));
             Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS public CASCADE");
            st.execute("CREATE SCHEMA public");
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (int node = 1; node <= 2; node++) {
            site("stop", "--site", SITE, "--node", Integer.toString(node));
        }
    }

    @Test
    void twoNodesOfOneSiteFormOneClusterThroughItsDatabaseAndAKilledNodeLeavesIt() throws Exception {
        start(1);
        start(2);
        Await.poll(ClusterIT::views, List.of(2, 2)::equals, 1000, Duration.ofSeconds(30), "both nodes in each node's view");
        assertEquals(200, status(1));
        assertEquals(200, status(2));
        // JGroups writes the members' addresses after the view is installed, not with it: waited for, not assumed.
        Await.poll(ClusterIT::registered, Integer.valueOf(2)::equals, 500, Duration.ofSeconds(30),
                "each node's address in the site database's discovery table");
        // The once-per-site work on the oldest node, never on both.
        Await.poll(ClusterIT::roles, List.of(1, 0)::equals, 500, Duration.ofSeconds(30), "the site's role on node 1 only");

        long pid1 = Long.parseLong(Files.readString(WORK.resolve("sites/" + SITE + "/node-1/server.pid")).trim());
        new ProcessBuilder("kill", "-9", Long.toString(pid1)).start().waitFor(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        Await.poll(() -> role(2), Integer.valueOf(1)::equals, 200, Duration.ofSeconds(30), "the site's role moved to node 2");
        System.out.printf("ClusterIT: kill -9 of node 1 -> node 2 does the site's work after %d ms%n", (System.nanoTime() - killed) / 1_000_000);
        Await.poll(() -> views().get(1), Integer.valueOf(1)::equals, 1000, Duration.ofSeconds(30), "node 2 alone in its view after node 1 was killed");
        assertEquals(200, status(2), "node 2 goes on serving");

        start(1);
        Await.poll(ClusterIT::views, List.of(2, 2)::equals, 1000, Duration.ofSeconds(30), "node 1 back in both views");
        // Node 2 is the oldest now: it keeps the role, and node 1 does not take it as well.
        assertEquals(List.of(0, 1), roles(), "the role stays with node 2");
    }

    /** homebound_site_role of each node (-1: it does not answer); both holding it fails at once. */
    private static List<Integer> roles() {
        List<Integer> roles = List.of(role(1), role(2));
        assertTrue(roles.get(0) + roles.get(1) <= 1, "both nodes do the site's once-per-site work: " + roles);
        return roles;
    }

    private static int role(int node) {
        try {
            return (int) Operations.value(Operations.metrics(9990 + port(node)), "homebound_site_role", "");
        } catch (Exception e) {
            return -1;
        }
    }

    private static void start(int node) throws Exception {
        String out = site("start", "--detach", "--site", SITE, "--node", Integer.toString(node),
                "--port-offset", Integer.toString(OFFSET), "--db", "postgres");
        assertTrue(out.contains("is up"), out);
    }

    /** The members each node's cluster channel sees (0: it does not answer). */
    private static List<Integer> views() {
        List<Integer> sizes = new ArrayList<>();
        for (int node = 1; node <= 2; node++) {
            try {
                sizes.add(members(node));
            } catch (Exception e) {
                sizes.add(0);
            }
        }
        return sizes;
    }

    /** How many members node N's cluster channel sees ("[coordinator|view id] (members) [names]"), through its management interface. */
    private static int members(int node) throws Exception {
        String out = cli(node, "/subsystem=jgroups/channel=ee:read-attribute(name=view)");
        Matcher m = VIEW_SIZE.matcher(out);
        return out.contains("\"outcome\" => \"success\"") && m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Integer registered() {
        try (Connection c = DriverManager.getConnection(DB, System.getProperty("it.db.user"), System.getenv("HOMEBOUND_DB_PASSWORD"));
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("SELECT count(*) FROM jgroupsping WHERE cluster_name = 'homebound-" + SITE + "'")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            return null; // the table is not there yet
        }
    }

    private static int status(int node) throws Exception {
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (8080 + port(node)) + "/api/status"))
                .timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int port(int node) {
        return OFFSET + 100 * (node - 1);
    }

    /** jboss-cli against node N's management interface, as the local user (WildFly's local authentication). */
    private static String cli(int node, String command) throws Exception {
        return run(Map.of(), REPO.resolve("wildfly-config/target/server/bin/jboss-cli.sh").toString(), "--connect",
                "--controller=127.0.0.1:" + (9990 + port(node)), "--command=" + command);
    }

    private static String site(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("wildfly-config/bin/homebound-site").toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("HOMEBOUND_DATA", WORK.toString());
        env.put("HOMEBOUND_DB_URL", DB);
        env.put("HOMEBOUND_DB_USER", System.getProperty("it.db.user"));
        env.put("HOMEBOUND_HEAP", "512m");
        return run(env, command.toArray(String[]::new));
    }

    private static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(180, TimeUnit.SECONDS);
        return out;
    }
}
