package org.homebound.web.subscriber;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.homebound.voicemail.application.MailboxWatchers;

/**
 * The open event streams of this server's inboxes. Each is a watcher of its mailbox; a stream the
 * browser closed is found by the next event or keep-alive (every 20 s, which also keeps proxies
 * from cutting an idle stream) and dropped.
 */
@ApplicationScoped
public class EventStreams {

    @Inject
    MailboxWatchers watchers;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> beat;

    @PostConstruct
    void startKeepAlive() {
        beat = scheduler.scheduleAtFixedRate(this::keepAlive, 20, 20, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        beat.cancel(false);
        open.keySet().forEach(this::close);
    }

    private final Map<SseEventSink, Stream> open = new ConcurrentHashMap<>();
    /** Any stream's Sse, to build keep-alives with (the same for every request of this application). */
    private volatile Sse sse;

    private record Stream(String extension, Consumer<String> watcher) {
    }

    void open(String extension, SseEventSink sink, Sse sse) {
        Consumer<String> watcher = changed -> send(sink, sse.newEventBuilder().name("changed").data(changed).build());
        open.put(sink, new Stream(extension, watcher));
        watchers.watch(extension, watcher);
        send(sink, sse.newEventBuilder().name("open").data(extension).reconnectDelay(5000).build());
        this.sse = sse;
    }

    /** A comment line to every stream; closed ones fail and are dropped. */
    void keepAlive() {
        Sse sse = this.sse;
        if (sse == null) {
            return;
        }
        open.keySet().forEach(sink -> send(sink, sse.newEventBuilder().comment("keep-alive").build()));
    }

    private void send(SseEventSink sink, OutboundSseEvent event) {
        if (sink.isClosed()) {
            close(sink);
            return;
        }
        sink.send(event).whenComplete((ok, failed) -> {
            if (failed != null) {
                close(sink);
            }
        });
    }

    private void close(SseEventSink sink) {
        Stream s = open.remove(sink);
        if (s != null) {
            watchers.unwatch(s.extension(), s.watcher());
        }
        try {
            sink.close();
        } catch (RuntimeException alreadyGone) {
            // nothing left to close
        }
    }
}
