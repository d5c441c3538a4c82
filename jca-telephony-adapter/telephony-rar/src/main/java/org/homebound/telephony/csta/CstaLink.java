package org.homebound.telephony.csta;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One TCP connection to a switch's CSTA interface: requests with their invoke ids and the
 * responses that echo them, the switch's own requests (SystemStatus) and its events (invoke id
 * 9999). {@link #readLoop} runs on a thread of its own; {@link #request} may be called from any
 * other thread and waits for the answer. Anything the peer sends that breaks the framing or is not
 * acceptable XML closes the link ({@link CstaProtocolException}); the owner connects again.
 */
public final class CstaLink implements Closeable {

    /** What arrives unasked. Called on the reading thread: keep it short. */
    public interface Handler {
        void event(CstaXml event);

        /** A request from the switch; answer it with {@link #respond} and its invoke id. */
        void request(int invokeId, CstaXml request);
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Handler handler;
    private final Map<Integer, CompletableFuture<CstaXml>> pending = new ConcurrentHashMap<>();
    private int nextInvokeId;
    private volatile boolean closed;

    public CstaLink(Socket socket, Handler handler) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
        this.handler = handler;
    }

    public String peer() {
        return socket.getRemoteSocketAddress().toString();
    }

    public boolean isOpen() {
        return !closed;
    }

    /**
     * Sends a request and waits for its response. A negative response (CSTAErrorCode, an ECMA-354
     * ...NegResponse) is a {@link CstaErrorException} naming the request; no answer in time, or a
     * link that closes meanwhile, is an {@link IOException}.
     */
    public CstaXml request(String xml, Duration timeout) throws IOException, CstaErrorException {
        CompletableFuture<CstaXml> answer = new CompletableFuture<>();
        int invokeId = register(answer);
        String name = rootName(xml);
        try {
            send(CstaFrame.of(invokeId, xml));
            CstaXml response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.name().equals("CSTAErrorCode") || response.name().endsWith("NegResponse")) {
                throw new CstaErrorException(name, invokeId, describeError(response));
            }
            return response;
        } catch (TimeoutException e) {
            throw new IOException("no answer to " + name + " (invoke id " + invokeId + ") within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new IOException(name + " (invoke id " + invokeId + "): " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(name + ": interrupted");
        } finally {
            pending.remove(invokeId);
        }
    }

    /** Answers a request of the switch's. */
    public void respond(int invokeId, String xml) throws IOException {
        send(CstaFrame.of(invokeId, xml));
    }

    /**
     * Reads until the link closes: returns normally when it was closed on purpose, throws what
     * ended it otherwise. Responses go to their waiting requests, events and requests to the handler.
     */
    public void readLoop() throws IOException {
        try {
            while (!closed) {
                CstaFrame frame = CstaFrame.read(in);
                if (frame == null) {
                    if (closed) {
                        return;
                    }
                    throw new IOException("the switch closed the connection");
                }
                dispatch(frame);
            }
        } catch (IOException e) {
            if (closed) {
                return;
            }
            throw e;
        } finally {
            close();
        }
    }

    private void dispatch(CstaFrame frame) throws CstaProtocolException {
        CstaXml message = CstaXml.parse(frame.xml());
        String name = message.name();
        if (frame.invokeId() == CstaFrame.EVENT) {
            handler.event(message);
        } else if (name.endsWith("Response") || name.equals("CSTAErrorCode")) {
            CompletableFuture<CstaXml> waiting = pending.get(frame.invokeId());
            if (waiting != null) {
                waiting.complete(message);
            } // else: an answer that came after we gave up waiting
        } else {
            handler.request(frame.invokeId(), message);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        IOException gone = new IOException("CSTA link to " + socket.getRemoteSocketAddress() + " closed");
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    private synchronized int register(CompletableFuture<CstaXml> answer) throws IOException {
        if (closed) {
            throw new IOException("CSTA link is closed");
        }
        for (int tries = 0; tries < CstaFrame.EVENT; tries++) {
            int id = nextInvokeId;
            nextInvokeId = (nextInvokeId + 1) % CstaFrame.EVENT; // 0000-9998: 9999 is the events'
            if (pending.putIfAbsent(id, answer) == null) {
                return id;
            }
        }
        throw new IOException("9999 CSTA requests unanswered: no invoke id free");
    }

    private void send(CstaFrame frame) throws IOException {
        if (closed) {
            throw new IOException("CSTA link is closed");
        }
        synchronized (out) {
            frame.writeTo(out);
        }
    }

    private static String describeError(CstaXml response) {
        StringBuilder text = new StringBuilder();
        for (CstaXml c : response.children()) {
            CstaXml detail = c.children().isEmpty() ? c : c.children().get(0);
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(c.name()).append(c == detail ? "" : "/" + detail.name());
            if (!detail.text().isEmpty()) {
                text.append(": ").append(detail.text());
            }
        }
        return response.name() + (text.isEmpty() ? "" : " (" + text + ")");
    }

    /** The root element's name of XML we built ourselves (after the prolog), for messages. */
    static String rootName(String xml) {
        int start = xml.indexOf('<', xml.startsWith("<?") ? xml.indexOf("?>") + 2 : 0);
        int end = start + 1;
        while (end < xml.length() && " />".indexOf(xml.charAt(end)) < 0) {
            end++;
        }
        return start < 0 ? "?" : xml.substring(start + 1, end);
    }
}
