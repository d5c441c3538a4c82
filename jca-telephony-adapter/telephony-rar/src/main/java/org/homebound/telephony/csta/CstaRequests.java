package org.homebound.telephony.csta;

import static org.homebound.telephony.csta.CstaXml.escape;

/**
 * The CSTA and ECMA-354 requests and responses Homebound sends, as XML in one edition's namespace.
 * Device and call identifiers are passed through exactly as the switch gave them (Avaya's
 * "4001:CM1::0", OpenScape's "N&lt;+4989...&gt;" and plain numbers alike).
 */
public final class CstaRequests {

    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private final CstaEdition edition;

    public CstaRequests(CstaEdition edition) {
        this.edition = edition;
    }

    public CstaEdition edition() {
        return edition;
    }

    // ---- ECMA-354 application session ----

    /** @param applicationSpecificInfo an XML fragment (a vendor's login data) or empty */
    public String startApplicationSession(String applicationId, int sessionSeconds, String applicationSpecificInfo) {
        return session("StartApplicationSession",
                "<applicationInfo><applicationID>" + escape(applicationId) + "</applicationID>"
                        + (applicationSpecificInfo.isEmpty() ? "" : "<applicationSpecificInfo>" + applicationSpecificInfo + "</applicationSpecificInfo>")
                        + "</applicationInfo>"
                        + "<requestedProtocolVersions><protocolVersion>" + edition.namespace() + "</protocolVersion></requestedProtocolVersions>"
                        + "<requestedSessionDuration>" + sessionSeconds + "</requestedSessionDuration>");
    }

    public String resetApplicationSessionTimer(String sessionId, int sessionSeconds) {
        return session("ResetApplicationSessionTimer",
                "<sessionID>" + escape(sessionId) + "</sessionID><requestedSessionDuration>" + sessionSeconds + "</requestedSessionDuration>");
    }

    public String stopApplicationSession(String sessionId) {
        return session("StopApplicationSession",
                "<sessionID>" + escape(sessionId) + "</sessionID><sessionEndReason><appEndReason>normal</appEndReason></sessionEndReason>");
    }

    // ---- system status ----

    public String systemRegister() {
        return csta("SystemRegister", "<requestTypes><systemStatus>true</systemStatus></requestTypes>");
    }

    /** The answer to a switch's SystemStatus (sent with the invoke id of the request). */
    public String systemStatusResponse() {
        return csta("SystemStatusResponse", "");
    }

    // ---- monitoring ----

    public String monitorStart(String device) {
        return csta("MonitorStart", "<monitorObject><deviceObject>" + escape(device) + "</deviceObject></monitorObject>"
                + "<monitorType>device</monitorType>");
    }

    public String monitorStop(String crossRefId) {
        return csta("MonitorStop", "<monitorCrossRefID>" + escape(crossRefId) + "</monitorCrossRefID>");
    }

    public String snapshotDevice(String device) {
        return csta("SnapshotDevice", "<snapshotObject>" + escape(device) + "</snapshotObject>");
    }

    // ---- call control ----

    public String deflectCall(String callId, String atDevice, String newDestination) {
        return csta("DeflectCall", "<callToBeDiverted>" + connection(callId, atDevice) + "</callToBeDiverted>"
                + "<newDestination>" + escape(newDestination) + "</newDestination>");
    }

    public String answerCall(String callId, String atDevice) {
        return csta("AnswerCall", "<callToBeAnswered>" + connection(callId, atDevice) + "</callToBeAnswered>");
    }

    public String clearConnection(String callId, String atDevice) {
        return csta("ClearConnection", "<connectionToBeCleared>" + connection(callId, atDevice) + "</connectionToBeCleared>");
    }

    public String setMessageWaitingIndicator(String device, boolean on) {
        return csta("SetMessageWaitingIndicator", "<device>" + escape(device) + "</device><messageWaitingOn>" + on + "</messageWaitingOn>");
    }

    private static String connection(String callId, String device) {
        return "<callID>" + escape(callId) + "</callID><deviceID>" + escape(device) + "</deviceID>";
    }

    private String csta(String name, String body) {
        return PROLOG + "<" + name + " xmlns=\"" + edition.namespace() + "\">" + body + "</" + name + ">";
    }

    private static String session(String name, String body) {
        return PROLOG + "<" + name + " xmlns=\"" + CstaEdition.APPLICATION_SESSION + "\">" + body + "</" + name + ">";
    }
}
