package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

/** The Homebound REST API as a client sees it, with HTTP BASIC credentials. */
public final class Api {

    static final String BASE = "http://127.0.0.1:" + System.getProperty("it.http.port") + "/api";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String authorization;

    private Api(String base, String user, String password) {
        this.base = base;
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static Api as(String user, String password) {
        return new Api(BASE, user, password);
    }

    static Api anonymous() {
        return new Api(BASE, null, null);
    }

    /** The administrator of the server whose HTTP port this is (multi-site tests run several). */
    public static Api adminOf(int httpPort) {
        String env = System.getenv("HOMEBOUND_ADMIN_PASSWORD");
        if (env == null || env.isBlank()) {
            throw new IllegalStateException("multi-site tests need HOMEBOUND_ADMIN_PASSWORD (wildfly-config/bin/run-tests sets it)");
        }
        return new Api("http://127.0.0.1:" + httpPort + "/api", "admin", env);
    }

    /** The same credentials against another server. */
    public Api at(int httpPort) {
        return new Api("http://127.0.0.1:" + httpPort + "/api", authorization);
    }

    private Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The administrator: password from the environment, or the one the server generated at first start. */
    public static Api admin() {
        return as("admin", adminPassword());
    }

    public static String adminPassword() {
        String env = System.getenv("HOMEBOUND_ADMIN_PASSWORD");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            Path file = Path.of(System.getProperty("it.base.dir"), "data", "homebound", "initial-admin-password");
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("no administrator password: set HOMEBOUND_ADMIN_PASSWORD", e);
        }
    }

    public HttpResponse<String> send(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return exchange(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a binary body (e.g. an audio upload). */
    public HttpResponse<String> send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return exchange(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<byte[]> bytes(String path, String range) {
        return bytes(path, range, null);
    }

    /** A GET of a binary body, with a Range and an Accept header where not null. */
    HttpResponse<byte[]> bytes(String path, String range, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET()
                .header("Authorization", authorization);
        if (range != null) {
            b.header("Range", range);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return exchange(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public JsonObject object(String method, String path, String json, int expectedStatus) {
        HttpResponse<String> r = send(method, path, json);
        assertEquals(expectedStatus, r.statusCode(), method + " " + path + ": " + r.body());
        return (JsonObject) parse(r.body());
    }

    public JsonArray array(String path) {
        HttpResponse<String> r = send("GET", path, null);
        assertEquals(200, r.statusCode(), "GET " + path + ": " + r.body());
        return (JsonArray) parse(r.body());
    }

    public static JsonStructure parse(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.read();
        }
    }

    /** Creates a mailbox as the administrator; its owner logs in with extension and PIN. */
    public static void createMailbox(String extension, String name, String pin, int quota) {
        admin().object("POST", "/admin/mailboxes",
                "{\"extension\":\"" + extension + "\",\"name\":\"" + name + "\",\"pin\":\"" + pin + "\",\"quota\":" + quota + "}", 201);
    }
}
