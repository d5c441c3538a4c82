package org.homebound.voicemail.operations.health;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Whether the server should be restarted (/health/live): only for what a restart cures — threads
 * deadlocked for good. A database or peer that is gone is a readiness matter; restarting would not help.
 */
@Liveness
@ApplicationScoped
public class ServerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked == null) {
            return HealthCheckResponse.named("threads").up().withData("live", threads.getThreadCount()).build();
        }
        StringBuilder names = new StringBuilder();
        for (ThreadInfo t : threads.getThreadInfo(deadlocked)) {
            if (t != null) {
                names.append(names.length() == 0 ? "" : ", ").append(t.getThreadName()).append(" waiting for ").append(t.getLockName());
            }
        }
        return HealthCheckResponse.named("threads").down().withData("deadlocked", names.toString()).build();
    }
}
