package org.homebound.telephony.csta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.homebound.telephony.api.DiversionReason;
import org.junit.jupiter.api.Test;

class CstaCallEventTest {

    private static CstaCallEvent event(String xml) {
        return CstaCallEvent.of(CstaXmlTestSupport.xml(xml)).orElseThrow();
    }

    @Test
    void anAvayaDeliveredEventForANoAnswerDiversion() throws Exception {
        CstaCallEvent e = event("<DeliveredEvent xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed3\">"
                + "<monitorCrossRefID>7</monitorCrossRefID><connection><callID>522</callID><deviceID>8000:CM1::0</deviceID></connection>"
                + "<alertingDevice><deviceIdentifier typeOfNumber=\"other\">8000:CM1::0</deviceIdentifier></alertingDevice>"
                + "<callingDevice><deviceIdentifier typeOfNumber=\"other\" mediaClass=\"notKnown\">1001:CM1::0</deviceIdentifier></callingDevice>"
                + "<calledDevice><deviceIdentifier>4001:CM1::0</deviceIdentifier></calledDevice>"
                + "<lastRedirectionDevice><deviceIdentifier>4001:CM1::0</deviceIdentifier></lastRedirectionDevice>"
                + "<localConnectionInfo>alerting</localConnectionInfo><cause>callForwardNoAnswer</cause>"
                + "<extensions><privateData><private><ns1:x xmlns:ns1=\"http://www.avaya.com/csta\">1</ns1:x></private></privateData></extensions>"
                + "</DeliveredEvent>");
        assertEquals(CstaCallEvent.Type.DELIVERED, e.type());
        assertEquals("7", e.monitorCrossRefId());
        assertEquals("522", e.callId());
        assertEquals("8000", CstaCallEvent.number(e.device()));
        assertEquals("1001", CstaCallEvent.number(e.callingDevice()));
        assertEquals("4001", CstaCallEvent.number(e.calledDevice()));
        assertEquals(DiversionReason.NO_ANSWER, e.reason());
    }

    @Test
    void anOpenScapeDivertedEventWithAnUnknownCaller() throws Exception {
        CstaCallEvent e = event("<DivertedEvent xmlns=\"http://www.ecma-international.org/standards/ecma-323/csta/ed5\">"
                + "<monitorCrossRefID>3</monitorCrossRefID><connection><callID>FF01</callID><deviceID>N&lt;+4930555401&gt;</deviceID></connection>"
                + "<divertingDevice><deviceIdentifier>N&lt;+4930555401&gt;</deviceIdentifier></divertingDevice>"
                + "<newDestination><deviceIdentifier>8000</deviceIdentifier></newDestination>"
                + "<callingDevice><notKnown/></callingDevice><calledDevice><deviceIdentifier>N&lt;+4930555401&gt;</deviceIdentifier></calledDevice>"
                + "<lastRedirectionDevice><notRequired/></lastRedirectionDevice><cause>callForwardBusy</cause></DivertedEvent>");
        assertEquals(CstaCallEvent.Type.DIVERTED, e.type());
        assertEquals("", e.callingDevice());
        assertEquals("+4930555401", CstaCallEvent.number(e.redirectingDevice()));
        assertEquals("8000", e.newDestination());
        assertEquals(DiversionReason.BUSY, e.reason());
    }

    @Test
    void causesMapToReasonsAndACallNobodyRedirectedWasDialled() throws Exception {
        String[][] table = {
            {"callForwardImmediate", "UNCONDITIONAL"}, {"doNotDisturb", "DO_NOT_DISTURB"}, {"destNotObtainable", "UNAVAILABLE"},
            {"redirected", "DEFLECTION"}, {"callForward", "UNKNOWN"}, {"busy", "BUSY"},
        };
        for (String[] row : table) {
            assertEquals(DiversionReason.valueOf(row[1]), delivered("4001", "4001", row[0]).reason(), row[0]);
        }
        assertEquals(DiversionReason.NOT_DIVERTED, delivered("8000", "", "newCall").reason());
        assertEquals(DiversionReason.UNKNOWN, delivered("4001", "4001", "").reason());
    }

    private static CstaCallEvent delivered(String called, String redirected, String cause) {
        return event("<DeliveredEvent><connection><callID>1</callID><deviceID>8000</deviceID></connection>"
                + "<callingDevice><deviceIdentifier>1001</deviceIdentifier></callingDevice>"
                + "<calledDevice><deviceIdentifier>" + called + "</deviceIdentifier></calledDevice>"
                + (redirected.isEmpty() ? "" : "<lastRedirectionDevice><deviceIdentifier>" + redirected + "</deviceIdentifier></lastRedirectionDevice>")
                + "<cause>" + cause + "</cause></DeliveredEvent>");
    }

    @Test
    void numbersComeOutOfEveryVendorsDeviceIdentifiers() {
        assertEquals("4001", CstaCallEvent.number("4001:CM1:10.0.0.1:0"));
        assertEquals("+498970071234", CstaCallEvent.number("N<+498970071234>"));
        assertEquals("4001", CstaCallEvent.number("sip:4001@pbx.example.com;user=phone"));
        assertEquals("+4930555", CstaCallEvent.number("tel:+4930555"));
        assertEquals("4001", CstaCallEvent.number(" 4001 "));
        assertTrue(CstaCallEvent.of(CstaXmlTestSupport.xml("<CallInformationEvent/>")).isEmpty());
    }
}
