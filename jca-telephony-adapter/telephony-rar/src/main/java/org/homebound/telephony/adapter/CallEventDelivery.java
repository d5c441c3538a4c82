package org.homebound.telephony.adapter;

import java.lang.reflect.Method;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.homebound.telephony.api.CallEvent;
import org.homebound.telephony.api.CallEventListener;
import org.jboss.logging.Logger;

/**
 * Delivers one call event to one message-driven bean endpoint, bracketed by
 * beforeDelivery / afterDelivery so the container runs the bean in its transaction.
 */
final class CallEventDelivery implements Work {

    private static final Logger LOG = Logger.getLogger(CallEventDelivery.class);
    static final Method ON_CALL_EVENT;

    static {
        try {
            ON_CALL_EVENT = CallEventListener.class.getMethod("onCallEvent", CallEvent.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What happens to an event nobody could take. */
    interface Outcome {
        void delivered();

        void failed(Exception cause);
    }

    private final MessageEndpointFactory factory;
    private final CallEvent event;
    private final Outcome outcome;

    CallEventDelivery(MessageEndpointFactory factory, CallEvent event, Outcome outcome) {
        this.factory = factory;
        this.event = event;
        this.outcome = outcome;
    }

    @Override
    public void run() {
        try {
            deliverOnce();
        } catch (Exception | Error e) {
            // An Error too: the outcome must be told either way, or the call's later events would wait forever.
            LOG.debugf(e, "call %s: delivery of %s failed", event.callId(), event.getClass().getSimpleName());
            outcome.failed(e instanceof Exception ex ? ex : new IllegalStateException(e.toString(), e));
            return;
        }
        outcome.delivered(); // once, and outside the try: a failure after delivery is not a failed delivery
    }

    private void deliverOnce() throws Exception {
        MessageEndpoint endpoint = factory.createEndpoint(null);
        try {
            endpoint.beforeDelivery(ON_CALL_EVENT);
            try {
                ((CallEventListener) endpoint).onCallEvent(event);
            } finally {
                endpoint.afterDelivery();
            }
        } finally {
            endpoint.release();
        }
    }

    @Override
    public void release() {
        // a delivery is short; the container interrupts the bean if it must
    }
}
