package org.homebound.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.homebound.it.Operations;
import org.homebound.it.TestFiles;
import org.homebound.it.TestServer;
import org.homebound.telephony.api.SetupLatencies;
import org.junit.jupiter.api.Test;

/**
 * The capacity comparison with Asterisk (issue 16): the shared SIPp scenario ({@code bench.sipp.dir},
 * by default {@code ../shared/bench/sipp} next to the repository: 20 s µ-law calls, 2N calls at N
 * concurrent, SIPp and the server on the same machine) against a site started with the README's
 * command ({@code homebound-site start}: embedded H2 and 1 GiB heap, or {@code bench.db=postgres}
 * with {@code HOMEBOUND_DB_URL/USER/PASSWORD}), levels {@code bench.levels} one after the other from
 * a fresh start. Per level: calls OK and failed (SIPp's stat file), INVITE→200 p50/p99/max (its
 * rtt file, 1 ms resolution), RTP packets the server recorded and lost (its per-message log
 * lines), the server's CPU over the level (its /proc ticks, ramp included, as the anchor was
 * measured), and its RSS at the end; beside them the server's own view: the share of calls it
 * answered within 10 ms and the bucket of its p99 (its set-up histogram on /metrics, from INVITE
 * received to 200 OK sent, so without SIPp's own delays), and the collector's pauses in the level
 * (a GC log), and the messages still waiting for compression (read every 5 s by the server). Runs
 * SIPp as root (pcap replay).
 *
 * <pre>wildfly-config/bin/run-tests -Pbench -Dit.test=SippBench -Dbench.levels=100,200,300,400 -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * With {@code -Dbench.steady-minutes=M} each level keeps its N calls going for M minutes (calls
 * coming and going at N/20 a second) and also reports the p99 of every minute.
 */
class SippBench {

    private static final Pattern STORED = Pattern.compile("message \\S+ for (\\d+) at \\S+: STORED, (\\d+) ms from '[^']*' \\((\\w+); (\\d+) packets, (\\d+) lost\\)");
    /** MediaEngine's warning when a loop's 20 ms clock fell behind (ClockLateness). */
    private static final Pattern LATE_CLOCK = Pattern.compile("clock fired (\\d+) times more than \\d+ ms late in the last \\d+ s \\(worst (\\d+) ms");
    /** A call answered whose recording was too short to be a message (VoicemailDeposit). */
    private static final Pattern NO_MESSAGE = Pattern.compile("call \\S+ for \\d+: caller left no message");
    private static final int OFFSET = 700;
    private static final int MAILBOXES = 100;

    @Test
    void levels() throws Exception {
        Path repo = Path.of(System.getProperty("user.dir")).getParent();
        Path sipp = Path.of(System.getProperty("bench.sipp.dir", repo.resolve("../shared/bench/sipp").toString())).normalize();
        List<Integer> levels = Arrays.stream(System.getProperty("bench.levels", "100,200,300,400").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        String db = System.getProperty("bench.db", "h2");
        assertTrue(Files.isExecutable(Path.of("/usr/bin/sipp")), "SIPp is not installed: apt-get install -y sip-tester");
        Path work = Path.of(System.getProperty("it.work.dir"), "sipp-bench");
        TestFiles.deleteTree(work);
        Files.createDirectories(work);
        run(work, sipp.resolve("make-media.sh").toString(), work.resolve("media").toString());

        String password = UUID.randomUUID().toString();
        Path gcLog = work.resolve("gc.log");
        Map<String, String> env = new HashMap<>(Map.of("HOMEBOUND_DATA", work.resolve("data").toString(),
                "HOMEBOUND_ADMIN_PASSWORD", password,
                "HOMEBOUND_JAVA_OPTS", "-Xlog:gc:file=" + gcLog + ":uptime " + System.getProperty("bench.jvm", "")));
        String site = "sippbench";
        Path siteScript = repo.resolve("wildfly-config/bin/homebound-site");
        run(work, env, siteScript.toString(), "start", "--detach", "--site", site, "--port-offset", Integer.toString(OFFSET), "--db", db);
        try {
            long pid = Long.parseLong(Files.readString(work.resolve("data/sites/" + site + "/server.pid")).trim());
            Path log = work.resolve("data/sites/" + site + "/log/server.log");
            StringBuilder inject = new StringBuilder("SEQUENTIAL\n");
            for (int m = 0; m < MAILBOXES; m++) {
                createMailbox(8080 + OFFSET, password, Integer.toString(7000 + m));
                inject.append(7000 + m).append('\n');
            }
            Path mailboxes = work.resolve("mailboxes.csv");
            Files.writeString(mailboxes, inject);
            List<String> rows = new ArrayList<>();
            rows.add("| N | calls OK | INVITE→200 p50 / p99 / max | RTP recorded (lost) | media clock ticks late > 60 ms | server CPU | RSS after | server: ≤ 10 ms, p99 bucket | GC pauses: n, total, max; heap after GC | compression backlog after |");
            rows.add("|---|---|---|---|---|---|---|---|---|---|");
            for (int i = 0; i < levels.size(); i++) {
                rows.add(level(work.resolve("level-" + (i + 1) + "-" + levels.get(i)), sipp, mailboxes, log, gcLog, pid, levels.get(i)));
                System.out.println(rows.get(rows.size() - 1));
                Thread.sleep(10_000); // the last recordings are stored and compressed before the next level
            }
            String table = String.join("\n", rows) + "\n";
            Files.writeString(work.resolve("levels.md"), table);
            System.out.println("SIPp levels on " + db + " (" + work.resolve("levels.md") + "):\n" + table);
        } finally {
            run(work, env, siteScript.toString(), "stop", "--site", site);
        }
    }

    /** One level, in its own folder (a level may be repeated): 2N calls at N concurrent, started at N/20 calls a second. */
    private static String level(Path dir, Path sipp, Path mailboxes, Path log, Path gcLog, long pid, int n) throws Exception {
        Path work = dir.getParent();
        Files.createDirectories(dir);
        long logFrom = Files.size(log);
        long gcFrom = Files.size(gcLog);
        String metricsBefore = Operations.metrics(9990 + OFFSET);
        long[] cpuBefore = TestServer.cpuTicks(pid);
        run(dir, "sipp", "127.0.0.1:" + (5080 + OFFSET), "-sf", work.resolve("media/vm_uac.xml").toString(), "-inf", mailboxes.toString(),
                "-i", "127.0.0.1", "-mi", "127.0.0.1", "-p", "5060", "-mp", "6000", "-l", Integer.toString(n),
                "-m", Integer.toString(calls(n)), "-r", Integer.toString((n + 19) / 20), "-nostdin", "-trace_stat", "-stf", "stat.csv",
                "-fd", "5", "-trace_rtt", "-rtt_freq", "1", "-trace_err", "-max_socket", "4096",
                // SIPp's -timeout ends the whole run: longer than the level
                "-timeout", Integer.toString(300 + 60 * Integer.getInteger("bench.steady-minutes", 0)));
        long[] cpuAfter = TestServer.cpuTicks(pid);
        String metricsAfter = Operations.metrics(9990 + OFFSET);
        String pauses = pauses(Files.readString(gcLog).substring((int) gcFrom));
        Thread.sleep(3000); // the last calls' recordings reach the log
        long rss = TestServer.rssKiB(pid);
        double backlog = Operations.value(Operations.metrics(9990 + OFFSET), "homebound_compression_backlog", "");

        Map<String, String> stat = lastRow(dir.resolve("stat.csv"));
        int ok = Integer.parseInt(stat.get("SuccessfulCall(C)"));
        int failed = Integer.parseInt(stat.get("FailedCall(C)"));
        long[] rtt;
        String perMinute;
        try (Stream<Path> files = Files.list(dir)) {
            Path rttFile = files.filter(p -> p.getFileName().toString().endsWith("_rtt.csv")).findFirst().orElseThrow();
            List<String[]> lines = Files.readAllLines(rttFile).stream().filter(l -> !l.isBlank()).map(l -> l.split(";")).toList();
            int at = Arrays.asList(lines.get(0)).indexOf("Date_ms");
            int column = Arrays.asList(lines.get(0)).indexOf("response_time_ms");
            List<String[]> calls = lines.subList(1, lines.size());
            rtt = calls.stream().mapToLong(l -> (long) Double.parseDouble(l[column])).sorted().toArray();
            // A steady level: the p99 of every minute, so a tail that grows (heap, backlog) shows.
            Map<Long, List<Long>> byMinute = calls.stream().collect(Collectors.groupingBy(
                    l -> (long) Double.parseDouble(l[at]) / 60_000, TreeMap::new,
                    Collectors.mapping(l -> (long) Double.parseDouble(l[column]), Collectors.toList())));
            perMinute = byMinute.size() < 3 ? "" : byMinute.values().stream()
                    .map(v -> Long.toString(pct(v.stream().mapToLong(Long::longValue).sorted().toArray(), 99)))
                    .collect(Collectors.joining(", ", " (p99 per minute: ", " ms)"));
        }
        long received = 0;
        long lost = 0;
        int stored = 0;
        String added = Files.readString(log).substring((int) logFrom);
        Matcher m = STORED.matcher(added);
        while (m.find()) {
            stored++;
            received += Long.parseLong(m.group(4));
            lost += Long.parseLong(m.group(5));
        }
        long noMessage = NO_MESSAGE.matcher(added).results().count();
        int lateTicks = 0;
        long worstLate = 0;
        for (Matcher late = LATE_CLOCK.matcher(added); late.find(); ) {
            lateTicks += Integer.parseInt(late.group(1));
            worstLate = Math.max(worstLate, Long.parseLong(late.group(2)));
        }
        double seconds = (cpuAfter[2] - cpuBefore[2]) / 1e9;
        double cpu = (cpuAfter[0] - cpuBefore[0]) / 100.0 / seconds;
        double machine = 1 - (cpuAfter[1] - cpuBefore[1]) / 100.0 / seconds / Runtime.getRuntime().availableProcessors();
        assertEquals(calls(n), ok + failed, "SIPp accounted for every call");
        assertTrue(rtt.length > 0, "no INVITE→200 times recorded");
        return String.format(Locale.ROOT, "| %d | %d/%d (%d stored, %d too short, %d refused 503) | %d / %d / %d ms%s | %.3f %% (%d of %d lost) | %s | %.0f %% of a core (machine %.0f %% busy) | %d MB | %s | %s | %.0f |",
                n, ok, calls(n), stored, noMessage, (long) (Operations.value(metricsAfter, "homebound_calls_refused_busy_total", "")
                        - Operations.value(metricsBefore, "homebound_calls_refused_busy_total", "")), pct(rtt, 50), pct(rtt, 99), rtt[rtt.length - 1], perMinute,
                received == 0 ? 0.0 : 100.0 * received / (received + lost), lost, received + lost,
                lateTicks == 0 ? "0" : lateTicks + ", worst " + worstLate + " ms", 100 * cpu, 100 * machine, rss / 1024,
                serverSetup(metricsBefore, metricsAfter), pauses, backlog);
    }

    /**
     * Calls in a level of n concurrent: 2n (the anchor's scenario), or with -Dbench.steady-minutes=M
     * as many as keep n going for M minutes at the scenario's rate (n/20 a second, 20 s each).
     */
    private static int calls(int n) {
        int minutes = Integer.getInteger("bench.steady-minutes", 0);
        return minutes > 0 ? (n + 19) / 20 * 60 * minutes : 2 * n;
    }

    /** The server's set-up histogram over the level: share answered within 10 ms, and the bucket holding the 99th percentile. */
    private static String serverSetup(String before, String after) {
        String name = "homebound_call_setup_answered_within_total";
        double all = Operations.value(after, "homebound_call_setup_answered_total", "")
                - Operations.value(before, "homebound_call_setup_answered_total", "");
        if (all <= 0) {
            return "n/a";
        }
        double within10 = Operations.value(after, name, "le=\"0.01\"") - Operations.value(before, name, "le=\"0.01\"");
        String p99 = "> " + SetupLatencies.BOUNDS.get(SetupLatencies.BOUNDS.size() - 1) * 1000 + " ms";
        for (double bound : SetupLatencies.BOUNDS) {
            String le = "le=\"" + bound + "\"";
            if (Operations.value(after, name, le) - Operations.value(before, name, le) >= 0.99 * all) {
                p99 = "≤ " + (bound * 1000) + " ms";
                break;
            }
        }
        return String.format(Locale.ROOT, "%.1f %%, %s", 100 * within10 / all, p99);
    }

    private static final Pattern PAUSE = Pattern.compile("^\\[([0-9.]+)s\\].* Pause .*?(?:(\\d+)M->(\\d+)M\\(\\d+M\\) )?([0-9.]+)ms$", Pattern.MULTILINE);

    /**
     * The collector's pauses in a stretch of its log: how many, their total and the longest; and the
     * heap after them (lowest and highest), with the lowest of every minute when the stretch is three
     * minutes or longer, so a live set that grows in a steady level shows.
     */
    private static String pauses(String gc) {
        Matcher m = PAUSE.matcher(gc);
        int count = 0;
        double total = 0;
        double max = 0;
        TreeMap<Long, Long> lowestByMinute = new TreeMap<>();
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        while (m.find()) {
            double ms = Double.parseDouble(m.group(4));
            count++;
            total += ms;
            max = Math.max(max, ms);
            if (m.group(3) != null) {
                long after = Long.parseLong(m.group(3));
                lowest = Math.min(lowest, after);
                highest = Math.max(highest, after);
                lowestByMinute.merge((long) Double.parseDouble(m.group(1)) / 60, after, Math::min);
            }
        }
        String heap = highest == 0 ? "" : String.format(Locale.ROOT, "; heap after them %d–%d MB", lowest, highest);
        if (lowestByMinute.size() >= 3) {
            heap += lowestByMinute.values().stream().map(String::valueOf).collect(Collectors.joining(", ", " (lowest per minute: ", " MB)"));
        }
        return String.format(Locale.ROOT, "%d, %.0f ms, %.1f ms%s", count, total, max, heap);
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** The last line of SIPp's statistics file, by column name. */
    private static Map<String, String> lastRow(Path statCsv) throws IOException {
        List<String> lines = Files.readAllLines(statCsv, StandardCharsets.ISO_8859_1).stream().filter(l -> !l.isBlank()).toList();
        String[] names = lines.get(0).split(";");
        String[] values = lines.get(lines.size() - 1).split(";");
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < Math.min(names.length, values.length); i++) {
            row.put(names[i], values[i]);
        }
        return row;
    }

    private static void createMailbox(int httpPort, String password, String extension) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/admin/mailboxes"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"extension\":\"" + extension + "\",\"name\":\"Load " + extension
                        + "\",\"pin\":\"" + (100_000 + Integer.parseInt(extension)) + "\",\"quota\":1000}"))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), "mailbox " + extension + ": " + r.body());
    }

    private static void run(Path dir, String... command) throws Exception {
        run(dir, Map.of(), command);
    }

    private static void run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(Path.of(command[0]).getFileName() + ".out").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        int exit = p.waitFor();
        if (exit != 0 && !command[0].equals("sipp")) { // SIPp exits 1 when any call failed: the level says how many
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": "
                    + Files.readString(dir.resolve(Path.of(command[0]).getFileName() + ".out")));
        }
    }
}
