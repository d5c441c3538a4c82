package org.homebound.it;

import static org.homebound.it.Operations.check;
import static org.homebound.it.Operations.get;
import static org.homebound.it.Operations.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.homebound.web.api.HomeboundApi;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator and an API client are given: health checks that mean something (the database
 * made unreachable makes the site unready, and it recovers), Prometheus metrics that count exactly
 * what happened, and an OpenAPI document that validates and lists every endpoint the WAR has.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {

    private static final int MANAGEMENT_PORT = Integer.getInteger("it.management.port");
    private static final String MANAGEMENT = Operations.management(MANAGEMENT_PORT);

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return HomeboundDeployment.ear();
    }

    private static JsonObject ready() throws Exception {
        return Operations.ready(MANAGEMENT_PORT);
    }

    @Test
    void readinessSaysWhatTheSiteNeedsAndTheDatabaseGoneMakesItUnreadyUntilItIsBack() throws Exception {
        JsonObject health = ready();
        assertEquals("UP", check(health, "database").getString("status"), health.toString());
        assertEquals("UP", check(health, "broker").getString("status"));
        JsonObject telephony = check(health, "telephony");
        assertTrue(telephony.getJsonObject("data").getString("sip-trunk").startsWith("UP 127.0.0.1:" + Calls.SIP_PORT), telephony.toString());
        // The test server is configured for a CTI link whose switch only runs during CstaIT: configured and down is DOWN.
        assertTrue(telephony.getJsonObject("data").getString("cti-link").startsWith("DOWN no session with 127.0.0.1:"), telephony.toString());
        assertEquals("UP", check(health, "peers").getString("status"), "a site on its own: no peer, nothing to wait for");
        assertEquals(200, get(MANAGEMENT + "/health/live").statusCode());

        try {
            database("ALTER DATABASE homebound_it ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'homebound_it' AND pid <> pg_backend_pid()");
            JsonObject down = awaitCheck("database", "DOWN");
            assertEquals("DOWN", down.getString("status"));
            assertEquals(200, get(MANAGEMENT + "/health/live").statusCode(), "a database gone is no reason to restart the server");
        } finally {
            database("ALTER DATABASE homebound_it ALLOW_CONNECTIONS true");
        }
        awaitCheck("database", "UP");
        assertEquals(200, Api.admin().send("GET", "/admin/mailboxes", null).statusCode(), "the API works again");
    }

    private static JsonObject awaitCheck(String name, String status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject health = null;
        while (System.nanoTime() < deadline) {
            health = ready();
            if (check(health, name).getString("status").equals(status)) {
                return health;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " never " + status + ": " + health);
    }

    /** Statements run as the test role on the maintenance database (it owns homebound_it). */
    private static void database(String... statements) throws Exception {
        String url = System.getProperty("it.db.url").replace("/homebound_it", "/postgres");
        try (Connection c = DriverManager.getConnection(url, System.getProperty("it.db.user"), System.getenv("HOMEBOUND_DB_PASSWORD"));
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Test
    void metricsCountExactlyTheDepositsThatHappenedBesideTheServersOwn() throws Exception {
        Api.createMailbox("5201", "Ivy Metric", "4826", 10);
        String before = get(MANAGEMENT + "/metrics").body();
        Calls.leaveMessage("5201", "5299", Duration.ofSeconds(2));
        Calls.leaveMessage("5201", "5299", Duration.ofSeconds(2));
        Calls.leaveMessage("5201", "5299", Duration.ofMillis(200)); // hung up at the tone: no message
        Calls.awaitMessages(Api.admin(), "5201", 2);
        String after = awaitMetric("homebound_deposits_total", "outcome=\"no_message\"", value(before, "homebound_deposits_total", "outcome=\"no_message\"") + 1);

        assertEquals(2, value(after, "homebound_deposits_total", "outcome=\"stored\"") - value(before, "homebound_deposits_total", "outcome=\"stored\""), 0.0);
        assertEquals(0, value(after, "homebound_deposits_total", "outcome=\"held\"") - value(before, "homebound_deposits_total", "outcome=\"held\""), 0.0);
        double packets = value(after, "homebound_rtp_packets_received_total", "") - value(before, "homebound_rtp_packets_received_total", "");
        assertTrue(packets >= 2 * 100 + 10 && packets < 2 * 100 + 10 + 50 * 3, "RTP packets of three short calls: " + packets);
        assertEquals(0, value(after, "homebound_rtp_packets_lost_total", "") - value(before, "homebound_rtp_packets_lost_total", ""), 0.0);
        double answered = value(after, "homebound_call_setup_answered_total", "") - value(before, "homebound_call_setup_answered_total", "");
        assertEquals(3, answered, 0.0, "three calls answered, each one set-up time");
        assertEquals(value(after, "homebound_call_setup_answered_total", ""),
                value(after, "homebound_call_setup_answered_within_total", "le=\"+Inf\""), 0.0, "the +Inf bucket holds every call");
        assertTrue(value(after, "homebound_call_setup_answered_within_total", "le=\"5.0\"")
                >= value(after, "homebound_call_setup_answered_within_total", "le=\"0.001\""), "buckets are cumulative");
        assertTrue(value(after, "homebound_call_setup_time_seconds_total", "") > value(before, "homebound_call_setup_time_seconds_total", ""));
        assertEquals(1.0, value(after, "homebound_link_up", "link=\"sip-trunk\""), 0.0);
        assertEquals(0.0, value(after, "homebound_calls_active", ""), 0.0);
        assertEquals(0.0, value(after, "homebound_calls_refused_busy_total", ""), 0.0, "no call limit here: none refused as busy");
        assertTrue(Pattern.compile("(?m)^homebound_email_outbox\\{[^}]*state=\"FAILED\"").matcher(after).find(), "the outbox's gauges are there");
        assertTrue(Pattern.compile("(?m)^homebound_compression_backlog\\{").matcher(after).find());
        assertTrue(after.contains("# TYPE homebound_deposits_total counter"));
        assertTrue(Pattern.compile("(?m)^(wildfly|base|jvm|datasources)_\\w+").matcher(after).find(), "WildFly's own metrics beside Homebound's");

        // The dashboard in docs/ uses only metrics that exist (those per peer: a site with peers, MultiSiteIT).
        String dashboard = Files.readString(Path.of(System.getProperty("it.docs.dir"), "grafana-homebound.json"));
        Matcher used = Pattern.compile("\\b((?:homebound|datasources)_[a-z_]+)").matcher(dashboard);
        List<String> unknown = new ArrayList<>();
        while (used.find()) {
            String name = used.group(1);
            boolean perPeer = name.startsWith("homebound_peer_") || name.startsWith("homebound_messages_");
            if (!perPeer && !Pattern.compile("(?m)^" + name + "[{ ]").matcher(after).find()) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), "the Grafana dashboard uses metrics /metrics does not have: " + unknown);
    }

    private static String awaitMetric(String name, String label, double atLeast) throws Exception {
        return Operations.awaitMetric(MANAGEMENT_PORT, name, label, v -> v >= atLeast, "reached " + atLeast);
    }

    @Test
    void theOpenApiDocumentValidatesAndListsEveryEndpointWithItsSecurityAndErrors() throws Exception {
        HttpResponse<String> r = get("http://127.0.0.1:" + System.getProperty("it.http.port") + "/openapi?format=JSON");
        assertEquals(200, r.statusCode());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, options);
        assertTrue(parsed.getMessages() == null || parsed.getMessages().isEmpty(), "the document validates: " + parsed.getMessages());
        OpenAPI doc = parsed.getOpenAPI();
        assertTrue(doc.getComponents().getSecuritySchemes().keySet().containsAll(List.of("basic", "session", "csrf")));
        assertTrue(doc.getComponents().getSchemas().containsKey("ApiError"));

        List<String> missing = new ArrayList<>();
        int endpoints = 0;
        for (Endpoint e : endpoints()) {
            endpoints++;
            PathItem item = doc.getPaths() == null ? null : doc.getPaths().get(e.path());
            io.swagger.v3.oas.models.Operation op = item == null ? null : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(e.method()));
            if (op == null) {
                missing.add(e.method() + " " + e.path());
            } else if (!e.path().equals("/api/status") && !op.getResponses().containsKey("401")) {
                missing.add(e.method() + " " + e.path() + " (no 401 answer)");
            }
        }
        assertTrue(endpoints > 40, "the resources were found: " + endpoints);
        assertTrue(missing.isEmpty(), "endpoints missing from /openapi: " + missing);
    }

    record Endpoint(String method, String path) {
    }

    /** Every resource method of the WAR as compiled: its HTTP method and full path, parameters named as in the document. */
    private static List<Endpoint> endpoints() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(HomeboundApi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Endpoint> found = new ArrayList<>();
        try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(classes); Stream<Path> files = Files.walk(jar.getPath("/"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
                // Loaded, not initialised: only the annotations are read (some classes' static parts need the server).
                Class<?> type = Class.forName(f.toString().substring(1).replace(".class", "").replace('/', '.'), false,
                        OperationsIT.class.getClassLoader());
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method m : type.getDeclaredMethods()) {
                    String verb = m.isAnnotationPresent(GET.class) ? "GET" : m.isAnnotationPresent(POST.class) ? "POST"
                            : m.isAnnotationPresent(PUT.class) ? "PUT" : m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                    if (verb != null) {
                        jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                        String path = "/api/" + base.value() + (sub == null ? "" : "/" + sub.value());
                        found.add(new Endpoint(verb, path.replaceAll("/+", "/").replaceAll("/$", "").replaceAll("\\{(\\w+):[^}]*\\}", "{$1}")));
                    }
                }
            }
        }
        return found;
    }
}
