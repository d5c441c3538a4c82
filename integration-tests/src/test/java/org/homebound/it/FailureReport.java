package org.homebound.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A failed test's message is all CI shows of it: this adds what the peers and the servers said
 * just before (the PBX's routing log, the tail of each test server's log), so a failure that does
 * not recur here can still be read.
 */
final class FailureReport implements TestExecutionExceptionHandler {

    private final Supplier<String> peers;
    private final List<Path> serverLogs;
    private final int lines;

    /** For the single test server, with what {@code peers} says of the other parties. */
    FailureReport(Supplier<String> peers) {
        this(peers, List.of(Path.of(System.getProperty("it.base.dir"), "log", "server.log")), 40);
    }

    /** For several servers: the last {@code lines} lines of each log. */
    FailureReport(Supplier<String> peers, List<Path> serverLogs, int lines) {
        this.peers = peers;
        this.serverLogs = serverLogs;
        this.lines = lines;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        StringBuilder report = new StringBuilder(String.valueOf(failure.getMessage())).append("\n--- peers ---\n").append(peers.get());
        for (Path log : serverLogs) {
            report.append("\n--- ").append(log).append(" ---\n").append(tail(log));
        }
        AssertionError reported = new AssertionError(report.toString(), failure);
        reported.setStackTrace(failure.getStackTrace());
        throw reported;
    }

    private String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(not readable: " + e + ")";
        }
    }
}
