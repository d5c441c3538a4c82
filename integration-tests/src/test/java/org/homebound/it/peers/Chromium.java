package org.homebound.it.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Debian's Chromium, headless, driven by Playwright (playwright-core from npm, pinned in
 * src/test/browser/package.json) through src/test/browser/driver.mjs: each {@link #step} is one
 * thing a person does in the page (src/test/browser/steps.mjs), answered with what they would see.
 * A failed step fails the test with the browser's message, its console and a screenshot.
 */
public final class Chromium implements AutoCloseable {

    private static final Path BROWSER_TESTS = Path.of(System.getProperty("it.browser.dir", "src/test/browser")).toAbsolutePath();

    private final Process node;
    private final Writer commands;
    private final BufferedReader answers;
    private final Path log;
    private final String version;
    private int next = 1;

    /**
     * @param screenshots where screenshots go (kept as test artifacts)
     * @param microphone  a WAV the browser's fake microphone plays, or null
     * @param trustedKeys public keys of HTTPS servers the browser trusts though no public CA signed them
     *                    (base64 SHA-256 of the SubjectPublicKeyInfo, as Chromium pins keys)
     */
    public Chromium(Path screenshots, Path microphone, String... trustedKeys) throws IOException {
        Files.createDirectories(screenshots);
        if (!Files.isDirectory(BROWSER_TESTS.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("playwright-core is not installed in " + BROWSER_TESTS + ": run `npm ci` there (run-tests does)");
        }
        JsonObject options = Json.createObjectBuilder().add("screenshots", screenshots.toAbsolutePath().toString())
                .add("chromium", System.getProperty("it.chromium", "/usr/bin/chromium"))
                .add("microphoneWav", microphone == null ? "" : microphone.toAbsolutePath().toString())
                .add("trustedKeys", String.join(",", trustedKeys)).build();
        this.log = screenshots.resolve("driver.log");
        this.node = new ProcessBuilder("node", "driver.mjs", options.toString()).directory(BROWSER_TESTS.toFile())
                .redirectError(log.toFile()).start();
        this.commands = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        this.version = read(0, 60).getString("value");
    }

    public String version() {
        return version;
    }

    /** One step of steps.mjs with its arguments (strings and numbers); answers its value. */
    public JsonValue step(String name, Object... args) {
        int id = next++;
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (Object arg : args) {
            if (arg instanceof Number n) {
                a.add(n.longValue());
            } else {
                a.add(String.valueOf(arg));
            }
        }
        try {
            commands.write(Json.createObjectBuilder().add("id", id).add("step", name).add("args", a).build() + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the browser driver is gone: " + driverLog(), e);
        }
        JsonObject answer = read(id, 120);
        if (!answer.getBoolean("ok")) {
            throw new AssertionError("browser step " + name + List.of(args) + " failed: " + answer.getString("error")
                    + "\nscreenshot: " + answer.get("screenshot") + "\nconsole: " + answer.get("console"));
        }
        return answer.get("value");
    }

    public JsonObject object(String name, Object... args) {
        return step(name, args).asJsonObject();
    }

    public JsonArray array(String name, Object... args) {
        return step(name, args).asJsonArray();
    }

    public String text(String name, Object... args) {
        JsonValue v = step(name, args);
        return v.getValueType() == JsonValue.ValueType.STRING ? ((jakarta.json.JsonString) v).getString() : v.toString();
    }

    private JsonObject read(int id, int seconds) {
        try {
            String line = CompletableFuture.supplyAsync(() -> {
                try {
                    return answers.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).get(seconds, TimeUnit.SECONDS);
            if (line == null) {
                throw new IllegalStateException("the browser driver ended: " + driverLog());
            }
            JsonObject answer = Json.createReader(new StringReader(line)).readObject();
            if (answer.getInt("id") != id) {
                throw new IllegalStateException("answer " + answer.getInt("id") + " for step " + id + ": " + line);
            }
            return answer;
        } catch (TimeoutException e) {
            throw new AssertionError("the browser did not answer step " + id + " within " + seconds + " s: " + driverLog());
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading from the browser driver failed: " + driverLog(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String driverLog() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no driver log)";
        }
    }

    @Override
    public void close() {
        try {
            commands.write("{\"id\":-1,\"step\":\"quit\"}\n");
            commands.flush();
        } catch (IOException alreadyGone) {
            // the process is ending anyway
        }
        try {
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
