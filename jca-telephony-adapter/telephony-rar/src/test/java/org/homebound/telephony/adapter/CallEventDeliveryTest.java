package org.homebound.telephony.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import org.homebound.telephony.api.CallEnded;
import org.homebound.telephony.api.CallEventListener;
import org.junit.jupiter.api.Test;

/** Every delivery tells its outcome exactly once, however the bean ends: the call's lane depends on it. */
class CallEventDeliveryTest {

    private final List<String> outcomes = new CopyOnWriteArrayList<>();
    private final List<String> brackets = new CopyOnWriteArrayList<>();

    private final CallEventDelivery.Outcome outcome = new CallEventDelivery.Outcome() {
        @Override
        public void delivered() {
            outcomes.add("delivered");
        }

        @Override
        public void failed(Exception cause) {
            outcomes.add("failed: " + cause.getMessage());
        }
    };

    /** An endpoint factory whose bean does {@code onEvent}; the container's brackets are recorded. */
    private MessageEndpointFactory factory(Runnable onEvent) {
        MessageEndpoint endpoint = (MessageEndpoint) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageEndpoint.class, CallEventListener.class}, (proxy, method, args) -> {
                    brackets.add(method.getName());
                    if (method.getName().equals("onCallEvent")) {
                        onEvent.run();
                    }
                    return null;
                });
        return (MessageEndpointFactory) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MessageEndpointFactory.class},
                (proxy, method, args) -> method.getName().equals("createEndpoint") ? endpoint : null);
    }

    private void deliver(Runnable onEvent) {
        new CallEventDelivery(factory(onEvent), new CallEnded("c1", CallEnded.CallEndCause.HUNG_UP, ""), outcome).run();
    }

    @Test
    void aDeliveredEventIsReportedOnceInsideTheContainersBrackets() {
        deliver(() -> { });
        assertEquals(List.of("delivered"), outcomes);
        assertEquals(List.of("beforeDelivery", "onCallEvent", "afterDelivery", "release"), brackets);
    }

    @Test
    void aBeanThatThrowsIsAFailedDelivery() {
        deliver(() -> {
            throw new IllegalStateException("database down");
        });
        assertEquals(1, outcomes.size(), outcomes.toString());
        assertTrue(outcomes.get(0).contains("database down"), outcomes.toString());
        assertEquals(List.of("beforeDelivery", "onCallEvent", "afterDelivery", "release"), brackets, "the endpoint is still released");
    }

    @Test
    void anErrorIsAFailedDeliveryTooNotASilentOne() {
        deliver(() -> {
            throw new StackOverflowError("deep");
        });
        assertEquals(1, outcomes.size(), outcomes.toString());
        assertTrue(outcomes.get(0).startsWith("failed: java.lang.StackOverflowError"), outcomes.toString());
    }
}
