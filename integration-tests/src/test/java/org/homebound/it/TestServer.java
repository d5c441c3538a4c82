package org.homebound.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.homebound.it.network.TestSite;
import org.jboss.arquillian.container.test.api.ContainerController;

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

    /** Starts those of the sites whose servers are not running (Arquillian's controller: on the test thread). */
    public static void startAll(ContainerController containers, List<TestSite> sites) {
        for (TestSite s : sites) {
            if (!containers.isStarted(s.container())) {
                containers.start(s.container());
            }
        }
    }

    /** Stops every running server of the sites; afterwards none runs. */
    public static void stopAll(ContainerController containers, List<TestSite> sites) {
        for (TestSite s : sites) {
            if (containers.isStarted(s.container())) {
                containers.stop(s.container());
            }
        }
    }

    /** kill -9 of a multi-site test's site, then Arquillian is told the container is gone. */
    public static void kill(ContainerController containers, TestSite site) throws Exception {
        kill(site);
        containers.stop(site.container());
    }

    /** kill -9 of the site's server only (Arquillian's controller must then be told, on the test thread). */
    public static void kill(TestSite site) throws Exception {
        long pid = pid("homebound-" + site.id());
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -9 of site " + site.id() + " (pid " + pid + ") failed");
        }
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
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

    /** The process's CPU ticks (user + system, 1/100 s), the machine's idle ticks, and when (System.nanoTime). */
    public static long[] cpuTicks(long pid) throws IOException {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll(".*\\) ", "").split(" ");
        long process = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime (fields 14, 15)
        String[] all = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long idle = Long.parseLong(all[4]) + Long.parseLong(all[5]); // idle + iowait
        return new long[] {process, idle, System.nanoTime()};
    }
}
