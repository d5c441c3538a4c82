package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.homebound.it.network.SiteNetwork;
import org.homebound.it.network.TestSite;

/**
 * Waiting for what a site's admin API shows (the multi-site tests watch servers that change on
 * their own: forwarders, monitors, restarts). Every wait has a deadline and fails with the last
 * thing it saw.
 */
public final class Await {

    private Await() {
    }

    /**
     * Reads until the value passes the test, every {@code everyMillis}; a null read (a server that
     * answers but is not ready) counts as "not yet".
     */
    public static <T> T poll(Supplier<T> read, Predicate<T> done, long everyMillis, Duration within, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            T value = read.get();
            if (value != null) {
                last = value;
                if (done.test(value)) {
                    return value;
                }
            }
            Thread.sleep(everyMillis);
        }
        fail(what + " did not happen within " + within + "; last seen: " + last);
        return last;
    }

    /** The messages listed at path that match, or null while the server does not answer 200. */
    public static List<JsonObject> listed(Api admin, String path, Predicate<JsonObject> match) {
        HttpResponse<String> r = admin.send("GET", path, null);
        return r.statusCode() != 200 ? null
                : ((JsonArray) Api.parse(r.body())).stream().map(JsonObject.class::cast).filter(match).toList();
    }

    public static Set<String> ids(Api admin, String path, Predicate<JsonObject> match) {
        return admin.array(path).stream().map(JsonObject.class::cast).filter(match).map(m -> m.getString("id")).collect(Collectors.toSet());
    }

    public static Set<String> ids(JsonArray messages) {
        return messages.stream().map(m -> ((JsonObject) m).getString("id")).collect(Collectors.toSet());
    }

    /** The states of a message's trace (/admin/messages/{id}), oldest first. */
    public static List<String> states(JsonObject trace) {
        return trace.getJsonArray("history").stream().map(e -> ((JsonObject) e).getString("state")).toList();
    }

    public static Set<String> ids(Api admin, String path, Predicate<JsonObject> match, int count, Duration within)
            throws InterruptedException {
        List<JsonObject> found = poll(() -> listed(admin, path, match), l -> l.size() >= count, 250, within,
                path + " listing " + count + " messages");
        return found.stream().map(m -> m.getString("id")).collect(Collectors.toSet());
    }

    /** Polls quickly (the moments waited for are short) until the number of matching messages listed passes the test. */
    public static int count(Api admin, String path, Predicate<JsonObject> match, IntPredicate until, String what, Duration within)
            throws InterruptedException {
        return poll(() -> listed(admin, path, match), l -> until.test(l.size()), 10, within, path + ": " + what).size();
    }

    public static JsonObject one(Api admin, String path, Predicate<JsonObject> match, Duration within) throws InterruptedException {
        return poll(() -> {
            List<JsonObject> found = listed(admin, path, match);
            assertTrue(found == null || found.size() < 2, "more than one message where one was expected: " + found);
            return found;
        }, l -> l.size() == 1, 100, within, path + " listing the message").get(0);
    }

    public static JsonObject one(Api admin, String path, Duration within) throws InterruptedException {
        return one(admin, path, m -> true, within);
    }

    public static JsonObject site(Api admin, TestSite peer, Predicate<JsonObject> condition, String what, Duration within)
            throws InterruptedException {
        return poll(() -> {
            HttpResponse<String> r = admin.send("GET", "/admin/sites/" + peer.id(), null);
            return r.statusCode() == 200 ? (JsonObject) Api.parse(r.body()) : null;
        }, condition, 250, within, "site " + peer.id() + " " + what);
    }

    public static void availability(Api admin, TestSite peer, String state, Duration within) throws InterruptedException {
        site(admin, peer, s -> state.equals(s.getString("availability")), state, within);
    }

    /** Until every site sees every other site UP. */
    public static void everyPeerUp(List<TestSite> sites, Duration within) throws InterruptedException {
        for (TestSite s : sites) {
            Api admin = Api.adminOf(s.httpPort());
            for (TestSite peer : sites) {
                if (peer != s) {
                    availability(admin, peer, "UP", within);
                }
            }
        }
    }

    /** Waits until the site's server log has the line. */
    public static void logged(TestSite site, String line) throws InterruptedException {
        logged(SiteNetwork.DIR.resolve(site.id()).resolve("log").resolve("server.log"), line);
    }

    /** Waits until the server log has the line. */
    public static void logged(Path log, String line) throws InterruptedException {
        poll(() -> {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, text -> text.contains(line), 100, Duration.ofSeconds(15), log + " logging: " + line);
    }
}
