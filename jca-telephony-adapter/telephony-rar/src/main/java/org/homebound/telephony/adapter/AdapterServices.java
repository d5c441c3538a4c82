package org.homebound.telephony.adapter;

import jakarta.resource.spi.work.Work;
import org.homebound.telephony.api.CallEvent;

/** What the resource adapter offers its drivers: event delivery and threads. */
public interface AdapterServices {

    /** True when at least one message-driven bean listens for call events. */
    boolean hasListeners();

    /**
     * Delivers an event to the listening beans, asynchronously. {@code onFailure} runs if it could
     * not be delivered (no listener, the bean failed, no thread available).
     */
    void deliver(CallEvent event, Runnable onFailure);

    /** Runs a long-lived piece of work (a media loop, the CTI link) on the adapter's work manager. */
    void startLongRunning(Work work) throws Exception;
}
