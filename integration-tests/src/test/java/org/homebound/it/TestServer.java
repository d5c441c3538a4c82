package org.homebound.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The managed WildFly of the test run, seen from outside: its process, threads and memory. */
public final class TestServer {

    private TestServer() {
    }

    /** The JVM started with -Djboss.node.name=homebound-it (see arquillian.xml). */
    public static long pid() {
        return pid("homebound-it");
    }

    /** The server JVM started with -Djboss.node.name=NODE. */
    public static long pid(String node) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains("-Djboss.node.name=" + node)).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("server process " + node + " not found")).pid();
    }

    /** Names of the server's threads (as the kernel keeps them: at most 15 characters). */
    public static List<String> threadNames(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).trim();
                } catch (IOException gone) {
                    return ""; // the thread ended while we looked
                }
            }).toList();
        }
    }

    public static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
