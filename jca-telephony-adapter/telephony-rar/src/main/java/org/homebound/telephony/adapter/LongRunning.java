package org.homebound.telephony.adapter;

import java.util.List;
import jakarta.resource.spi.work.HintsContext;
import jakarta.resource.spi.work.WorkContext;

/**
 * The hint that sends a Work to the work manager's long-running pool: a media loop or the CTI link
 * holds its thread for as long as the adapter runs and must not starve event deliveries on the
 * short-running pool.
 */
public final class LongRunning {

    private LongRunning() {
    }

    public static List<WorkContext> hints(String name) {
        HintsContext hints = new HintsContext();
        hints.setName(name);
        hints.setHint(HintsContext.LONGRUNNING_HINT, Boolean.TRUE);
        return List.of(hints);
    }
}
