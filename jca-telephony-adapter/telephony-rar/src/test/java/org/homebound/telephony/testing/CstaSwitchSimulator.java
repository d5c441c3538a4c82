package org.homebound.telephony.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.homebound.telephony.csta.CstaEdition;
import org.homebound.telephony.csta.CstaFrame;
import org.homebound.telephony.csta.CstaXml;

/**
 * A CSTA switch for tests: the framing (8-byte header, invoke ids, events as 9999), one edition's
 * namespace, and ECMA-354 session rules - nothing but StartApplicationSession before a session
 * exists (anything else gets a CSTAErrorCode), a session that the switch ends (closing the
 * connection) if its timer is not reset in time, StopApplicationSession. It answers MonitorStart,
 * SystemRegister, SnapshotDevice, SetMessageWaitingIndicator, DeflectCall, AnswerCall and
 * ClearConnection, keeps the lamps and the calls at its devices, and sends events shaped like the
 * ones OpenScape or Avaya switches send (their device identifiers, attributes, private data).
 * Everything it receives is recorded for assertions; {@link #kill} drops the connection the way a
 * failing switch or network does.
 */
public final class CstaSwitchSimulator implements AutoCloseable {

    /** Whose frames to imitate. */
    public enum Flavor {
        /** Plain numbers as device ids, an OpenScape-like private data block in events. */
        OPENSCAPE,
        /** "4001:CM1::0" device ids with typeOfNumber / mediaClass attributes; login data required. */
        AVAYA
    }

    /** A request the simulator received, and when (System.nanoTime, as it was read). */
    public record Received(int invokeId, String name, CstaXml xml, String text, long receivedAt) {
    }

    private final ServerSocket server;
    private final CstaEdition edition;
    private final Flavor flavor;
    private final Thread acceptor;
    private final List<Received> all = new ArrayList<>();
    private final Map<String, Boolean> lamps = new ConcurrentHashMap<>();
    private final Map<String, String> monitors = new ConcurrentHashMap<>(); // crossRef -> device
    private final Map<String, java.util.Set<String>> callsAt = new ConcurrentHashMap<>(); // device -> callIds
    private final AtomicInteger crossRefs = new AtomicInteger(100);
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger ownInvokeIds = new AtomicInteger(5000);
    private final Map<Integer, BlockingQueue<CstaXml>> answersToOwn = new ConcurrentHashMap<>();
    private volatile Socket connection;
    private volatile OutputStream out;
    private volatile String session;
    private volatile long sessionExpiresAt = Long.MAX_VALUE;
    private volatile int sessionSeconds = 180;
    private volatile String requiredUser = "";
    private volatile String requiredPassword = "";
    /** Requests answered with this CSTAErrorCode operation, by request name. */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile int lastFrameBytes;
    private volatile String clientCertificate = "";

    public CstaSwitchSimulator(CstaEdition edition, Flavor flavor) throws IOException {
        this(edition, flavor, 0);
    }

    /** On a given port (0: any free one): a server configured to connect there finds it. */
    public CstaSwitchSimulator(CstaEdition edition, Flavor flavor, int port) throws IOException {
        this(edition, flavor, new ServerSocket(), port);
    }

    /** Speaking TLS with the key and certificate of {@code tls}, on any free port. */
    public CstaSwitchSimulator(CstaEdition edition, Flavor flavor, SSLContext tls) throws IOException {
        this(edition, flavor, tls, false);
    }

    /**
     * Speaking TLS; with {@code clientCertificateRequired} a client must present a certificate
     * {@code tls} trusts (mutual TLS, as AES can be set to require), else the handshake fails.
     */
    public CstaSwitchSimulator(CstaEdition edition, Flavor flavor, SSLContext tls, boolean clientCertificateRequired) throws IOException {
        this(edition, flavor, tlsServer(tls, clientCertificateRequired), 0);
    }

    private static ServerSocket tlsServer(SSLContext tls, boolean clientCertificateRequired) throws IOException {
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
        server.setNeedClientAuth(clientCertificateRequired);
        return server;
    }

    private CstaSwitchSimulator(CstaEdition edition, Flavor flavor, ServerSocket server, int port) throws IOException {
        this.server = server;
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
        this.edition = edition;
        this.flavor = flavor;
        this.acceptor = new Thread(this::accept, "csta-switch");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The subject of the certificate the client presented over TLS ("" if none). */
    public String clientCertificate() {
        return clientCertificate;
    }

    /** The session duration the switch grants (it asks for resets before that). */
    public void grantSessionSeconds(int seconds) {
        this.sessionSeconds = seconds;
    }

    /** Avaya-style: StartApplicationSession must carry this SessionLoginInfo. */
    public void requireLogin(String user, String password) {
        this.requiredUser = user;
        this.requiredPassword = password;
    }

    /** Answer the next requests of this name with a CSTAErrorCode (operation), e.g. "invalidDeviceID". */
    public void refuse(String requestName, String operationError) {
        refusals.put(requestName, operationError);
    }

    /** The device id of a number, as this switch spells it. */
    public String device(String number) {
        return flavor == Flavor.AVAYA ? number + ":CM1::0" : number;
    }

    // ---- what tests observe ----

    public int sessionsStarted() {
        return sessions.get();
    }

    public int connectionsAccepted() {
        return connections.get();
    }

    public boolean connected() {
        Socket s = connection;
        return s != null && !s.isClosed() && session != null;
    }

    public Map<String, Boolean> lamps() {
        return Map.copyOf(lamps);
    }

    /** Devices with a monitor on them. */
    public List<String> monitoredDevices() {
        return List.copyOf(monitors.values());
    }

    /** The oldest request of this name received and not yet awaited, waiting up to {@code timeout}; null if none. */
    public Received await(String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (all) {
            while (true) {
                for (Received r : all) {
                    if (r.name.equals(name)) {
                        all.remove(r);
                        return r;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(all, left);
            }
        }
    }

    /** Waits until the lamp of a number is in this state. */
    public boolean awaitLamp(String number, boolean on, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Boolean.valueOf(on).equals(lamps.get(device(number)))) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Waits until a session is up with monitors on all these numbers. */
    public boolean awaitMonitors(Duration timeout, String... numbers) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (connected() && monitors.values().containsAll(java.util.Arrays.stream(numbers).map(this::device).toList())) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    // ---- what tests make the switch do ----

    /**
     * The switch delivers a call to a voicemail device (alerting there): a DeliveredEvent to the
     * monitor on that device.
     */
    public void deliver(String callId, String voicemail, String calling, String called, String lastRedirection, String cause)
            throws IOException {
        callsAt.computeIfAbsent(device(voicemail), d -> ConcurrentHashMap.newKeySet()).add(callId);
        sendEvent("DeliveredEvent", voicemail,
                "<connection><callID>" + callId + "</callID><deviceID>" + device(voicemail) + "</deviceID></connection>"
                        + deviceField("alertingDevice", voicemail) + deviceField("callingDevice", calling)
                        + deviceField("calledDevice", called) + deviceField("lastRedirectionDevice", lastRedirection)
                        + "<localConnectionInfo>alerting</localConnectionInfo><cause>" + cause + "</cause>" + privateData());
    }

    /** The switch diverts a call from a subscriber's extension to voicemail: a DivertedEvent to the extension's monitor. */
    public void divert(String callId, String from, String voicemail, String calling, String cause) throws IOException {
        sendEvent("DivertedEvent", from,
                "<connection><callID>" + callId + "</callID><deviceID>" + device(from) + "</deviceID></connection>"
                        + deviceField("divertingDevice", from) + deviceField("newDestination", voicemail)
                        + deviceField("callingDevice", calling) + deviceField("calledDevice", from)
                        + deviceField("lastRedirectionDevice", from) + "<localConnectionInfo>null</localConnectionInfo>"
                        + "<cause>" + cause + "</cause>" + privateData());
    }

    /** The caller hangs up: ConnectionClearedEvent at the voicemail device. */
    public void clear(String callId, String voicemail) throws IOException {
        java.util.Set<String> at = callsAt.get(device(voicemail));
        if (at != null) {
            at.remove(callId);
        }
        sendEvent("ConnectionClearedEvent", voicemail,
                "<droppedConnection><callID>" + callId + "</callID><deviceID>" + device(voicemail) + "</deviceID></droppedConnection>"
                        + deviceField("releasingDevice", voicemail) + "<localConnectionInfo>null</localConnectionInfo>"
                        + "<cause>normalClearing</cause>");
    }

    /** The switch asks for the application's status (SystemStatus); returns the answer, or null. */
    public CstaXml systemStatus(Duration timeout) throws IOException, InterruptedException {
        int invokeId = ownInvokeIds.incrementAndGet() % 9999;
        BlockingQueue<CstaXml> answer = new LinkedBlockingQueue<>();
        answersToOwn.put(invokeId, answer);
        send(invokeId, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><SystemStatus xmlns=\"" + edition.namespace()
                + "\"><systemStatus>normal</systemStatus></SystemStatus>");
        try {
            return answer.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            answersToOwn.remove(invokeId);
        }
    }

    /** Raw bytes on the connection: garbage, a truncated frame, an attack. */
    public void sendRaw(byte[] bytes) throws IOException {
        OutputStream o = out;
        if (o == null) {
            throw new IOException("no connection");
        }
        synchronized (o) {
            o.write(bytes);
            o.flush();
        }
    }

    /** An event frame (invoke id 9999) with arbitrary XML. */
    public void sendEventXml(String xml) throws IOException {
        send(CstaFrame.EVENT, xml);
    }

    /** Drops the connection without a word (a switch restart, a cable pulled). */
    public void kill() throws IOException {
        Socket s = connection;
        session = null;
        monitors.clear();
        if (s != null) {
            try {
                s.setSoLinger(true, 0); // RST, not FIN
            } catch (SocketException closedMeanwhile) {
                // the reader closed it at the link's end of stream: nothing left to drop
            }
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        kill();
    }

    // ---- the switch's side of the conversation ----

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Socket before = connection;
                if (before != null) {
                    before.close();
                }
                connection = s;
                out = s.getOutputStream();
                session = null;
                monitors.clear();
                connections.incrementAndGet();
                Thread reader = new Thread(() -> serve(s), "csta-switch-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private static String clientOf(SSLSocket tls) {
        try {
            return tls.getSession().getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException none) {
            return "";
        }
    }

    private void serve(Socket s) {
        try (InputStream in = new BufferedInputStream(s.getInputStream())) {
            while (!s.isClosed()) {
                if (session != null && System.nanoTime() > sessionExpiresAt) {
                    session = null; // ECMA-354: the session timer ran out; the switch ends it
                    s.close();
                    return;
                }
                s.setSoTimeout(200);
                CstaFrame frame;
                try {
                    frame = CstaFrame.read(in);
                } catch (java.net.SocketTimeoutException idle) {
                    continue;
                }
                if (frame == null) {
                    return;
                }
                if (s instanceof SSLSocket tls) {
                    clientCertificate = clientOf(tls);
                }
                handle(frame);
            }
        } catch (SocketException gone) {
            // closed by either side
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        } finally {
            if (connection == s) {
                session = null;
            }
        }
    }

    private void handle(CstaFrame frame) throws IOException {
        long readAt = System.nanoTime();
        CstaXml xml = CstaXml.parse(frame.xml());
        String name = xml.name();
        BlockingQueue<CstaXml> ownAnswer = answersToOwn.get(frame.invokeId());
        if (ownAnswer != null && name.endsWith("Response")) {
            ownAnswer.add(xml);
            return;
        }
        Received r = new Received(frame.invokeId(), name, xml, frame.text(), readAt);
        synchronized (all) {
            all.add(r);
            all.notifyAll();
        }
        int id = frame.invokeId();
        if (name.equals("StartApplicationSession")) {
            startSession(id, xml);
            return;
        }
        if (session == null) {
            error(id, "<operation>requestIncompatibleWithObject</operation>"); // no session yet
            return;
        }
        String refusal = refusals.remove(name);
        if (refusal != null) {
            error(id, "<operation>" + refusal + "</operation>");
            return;
        }
        switch (name) {
            case "ResetApplicationSessionTimer" -> {
                if (!session.equals(xml.text("sessionID"))) {
                    sessionNeg(id, "ResetApplicationSessionTimerNegResponse", "invalidSessionID");
                    return;
                }
                sessionExpiresAt = System.nanoTime() + Duration.ofSeconds(sessionSeconds).toNanos();
                sessionPos(id, "ResetApplicationSessionTimerPosResponse", "<actualSessionDuration>" + sessionSeconds + "</actualSessionDuration>");
            }
            case "StopApplicationSession" -> {
                sessionPos(id, "StopApplicationSessionPosResponse", "");
                session = null;
            }
            case "SystemRegister" -> csta(id, "SystemRegisterResponse", "<sysStatRegisterID>1</sysStatRegisterID>");
            case "MonitorStart" -> {
                String device = xml.text("monitorObject", "deviceObject");
                if (!known(device)) {
                    error(id, "<operation>invalidDeviceID</operation>");
                    return;
                }
                String crossRef = String.valueOf(crossRefs.incrementAndGet());
                monitors.put(crossRef, device);
                csta(id, "MonitorStartResponse", "<monitorCrossRefID>" + crossRef + "</monitorCrossRefID>");
            }
            case "MonitorStop" -> {
                monitors.remove(xml.text("monitorCrossRefID"));
                csta(id, "MonitorStopResponse", "");
            }
            case "SnapshotDevice" -> {
                String device = xml.text("snapshotObject");
                StringBuilder data = new StringBuilder();
                for (String callId : callsAt.getOrDefault(device, java.util.Set.of())) {
                    data.append("<snapshotDeviceResponseInfo><connectionIdentifier><callID>").append(callId).append("</callID><deviceID>")
                            .append(device).append("</deviceID></connectionIdentifier><localCallState><compoundCallState>"
                                    + "<localConnectionState>alerting</localConnectionState></compoundCallState></localCallState>"
                                    + "</snapshotDeviceResponseInfo>");
                }
                csta(id, "SnapshotDeviceResponse", "<crossRefIDorSnapshotData><snapshotData>" + data + "</snapshotData></crossRefIDorSnapshotData>");
            }
            case "SetMessageWaitingIndicator" -> {
                String device = xml.text("device");
                if (!known(device)) {
                    error(id, "<operation>invalidDeviceID</operation>");
                    return;
                }
                lamps.put(device, Boolean.parseBoolean(xml.text("messageWaitingOn")));
                csta(id, "SetMessageWaitingIndicatorResponse", "");
            }
            case "DeflectCall" -> {
                String callId = xml.text("callToBeDiverted", "callID");
                String device = xml.text("callToBeDiverted", "deviceID");
                java.util.Set<String> at = callsAt.get(device);
                if (at == null || !at.remove(callId)) {
                    error(id, "<operation>invalidCallID</operation>");
                    return;
                }
                csta(id, "DeflectCallResponse", "");
            }
            case "AnswerCall" -> csta(id, "AnswerCallResponse", "");
            case "ClearConnection" -> csta(id, "ClearConnectionResponse", "");
            default -> error(id, "<operation>requestIncompatibleWithObject</operation>");
        }
    }

    private void startSession(int id, CstaXml xml) throws IOException {
        if (xml.text("applicationInfo", "applicationID").isEmpty()) {
            sessionNeg(id, "StartApplicationSessionNegResponse", "invalidApplicationInfo");
            return;
        }
        String protocol = xml.text("requestedProtocolVersions", "protocolVersion");
        if (!protocol.equals(edition.namespace())) {
            sessionNeg(id, "StartApplicationSessionNegResponse", "requestedProtocolVersionNotSupported");
            return;
        }
        if (!requiredUser.isEmpty()) {
            String user = xml.find("userName").map(CstaXml::text).orElse("");
            String password = xml.find("password").map(CstaXml::text).orElse("");
            if (!user.equals(requiredUser) || !password.equals(requiredPassword)) {
                sessionNeg(id, "StartApplicationSessionNegResponse", "invalidApplicationInfo");
                return;
            }
        }
        monitors.clear(); // a new session starts its monitors afresh
        String s = "S" + Long.toHexString(System.nanoTime()) + "-" + sessions.incrementAndGet();
        session = s;
        sessionExpiresAt = System.nanoTime() + Duration.ofSeconds(sessionSeconds).toNanos();
        sessionPos(id, "StartApplicationSessionPosResponse", "<sessionID>" + s + "</sessionID><actualProtocolVersion>"
                + edition.namespace() + "</actualProtocolVersion><actualSessionDuration>" + sessionSeconds + "</actualSessionDuration>");
    }

    private boolean known(String device) {
        // numbers of 3 to 6 digits in this switch's spelling; "9..." devices do not exist
        String number = flavor == Flavor.AVAYA && device.endsWith(":CM1::0") ? device.substring(0, device.length() - 7) : device;
        return number.matches("[1-8]\\d{2,5}");
    }

    private String deviceField(String field, String number) {
        if (number == null || number.isEmpty()) {
            return "<" + field + "><notKnown/></" + field + ">";
        }
        String attributes = flavor == Flavor.AVAYA ? " typeOfNumber=\"other\" mediaClass=\"notKnown\" bitRate=\"constant\"" : "";
        return "<" + field + "><deviceIdentifier" + attributes + ">" + device(number) + "</deviceIdentifier></" + field + ">";
    }

    private String privateData() {
        return flavor == Flavor.AVAYA
                ? "<extensions><privateData><private><ns1:DeliveredEventPrivateData xmlns:ns1=\"http://www.avaya.com/csta\">"
                + "<ns1:ucid>00001012341234567890</ns1:ucid></ns1:DeliveredEventPrivateData></private></privateData></extensions>"
                : "<extensions><privateData><private><osc:callData xmlns:osc=\"http://www.siemens.com/schema/csta\">"
                + "<osc:trunkGroup>12</osc:trunkGroup></osc:callData></private></privateData></extensions>";
    }

    private void sendEvent(String name, String monitoredNumber, String body) throws IOException {
        String crossRef = monitors.entrySet().stream().filter(e -> e.getValue().equals(device(monitoredNumber)))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new IllegalStateException("no monitor on " + monitoredNumber));
        send(CstaFrame.EVENT, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + name + " xmlns=\"" + edition.namespace() + "\">"
                + "<monitorCrossRefID>" + crossRef + "</monitorCrossRefID>" + body + "</" + name + ">");
    }

    private void csta(int id, String name, String body) throws IOException {
        send(id, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + name + " xmlns=\"" + edition.namespace() + "\">" + body + "</" + name + ">");
    }

    private void error(int id, String body) throws IOException {
        csta(id, "CSTAErrorCode", body);
    }

    private void sessionPos(int id, String name, String body) throws IOException {
        send(id, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + name + " xmlns=\"" + CstaEdition.APPLICATION_SESSION + "\">" + body
                + "</" + name + ">");
    }

    private void sessionNeg(int id, String name, String definedError) throws IOException {
        sessionPos(id, name, "<errorCode><definedError>" + definedError + "</definedError></errorCode>");
    }

    private void send(int invokeId, String xml) throws IOException {
        OutputStream o = out;
        if (o == null) {
            throw new IOException("no connection");
        }
        CstaFrame frame = CstaFrame.of(invokeId, xml);
        lastFrameBytes = CstaFrame.HEADER + frame.xml().length;
        synchronized (o) {
            frame.writeTo(o);
        }
    }

    /** The size on the wire of the last frame the switch sent. */
    public int lastFrameBytes() {
        return lastFrameBytes;
    }
}
