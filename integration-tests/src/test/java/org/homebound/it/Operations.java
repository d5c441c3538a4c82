package org.homebound.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jakarta.json.JsonObject;

/** A site's management interface as an operator's tools read it: /health and Prometheus /metrics. */
public final class Operations {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Operations() {
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String management(int port) {
        return "http://127.0.0.1:" + port;
    }

    static JsonObject ready(int managementPort) throws Exception {
        return (JsonObject) Api.parse(get(management(managementPort) + "/health/ready").body());
    }

    static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream().map(JsonObject.class::cast).filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    public static String metrics(int managementPort) throws Exception {
        return get(management(managementPort) + "/metrics").body();
    }

    /** A sample's value in Prometheus text (summed over matching samples, 0 when absent); label: one label="value" the sample must have, or empty. */
    public static double value(String text, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Waits until the metric reaches the value (the database-backed gauges are read at most every 5 s); returns the text then. */
    static String awaitMetric(int managementPort, String name, String label, java.util.function.DoublePredicate wanted, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String text = null;
        while (System.nanoTime() < deadline) {
            text = metrics(managementPort);
            if (wanted.test(value(text, name, label))) {
                return text;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + "{" + label + "} never " + what + " (last " + value(text, name, label) + ")");
    }
}
