package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.homebound.telephony.api.DiversionReason;
import org.junit.jupiter.api.Test;

class CalledPartyResolverTest {

    private static final String VM = "sip:8000@vm.example.com";

    @Test
    void rfc4458TargetAndCauseInTheRequestUri() {
        CalledParty p = CalledPartyResolver.resolve("sip:voicemail@vm.example.com;target=sip:2001%40pbx.example.com;cause=486",
                List.of(), List.of("<sip:9999@pbx>;reason=no-answer"), "sip:2001@pbx.example.com");
        assertEquals(new CalledParty("2001", DiversionReason.BUSY, "rfc4458"), p);
    }

    @Test
    void rfc4458CauseCodesMapToReasons() {
        assertEquals(DiversionReason.NO_ANSWER, CalledPartyResolver.causeToReason("408"));
        assertEquals(DiversionReason.UNCONDITIONAL, CalledPartyResolver.causeToReason("302"));
        assertEquals(DiversionReason.UNAVAILABLE, CalledPartyResolver.causeToReason("404"));
        assertEquals(DiversionReason.DEFLECTION, CalledPartyResolver.causeToReason("487"));
        assertEquals(DiversionReason.UNKNOWN, CalledPartyResolver.causeToReason("999"));
    }

    @Test
    void historyInfoWithCauseOnTheVoicemailEntryNamesItsParent() {
        // RFC 7044 §10.2 style: the voicemail target carries cause=408 and mp= names the diverting entry.
        List<String> hi = List.of("<sip:1000@pbx.example.com>;index=1, <sip:2001@pbx.example.com>;index=1.1;rc=1",
                "<sip:8000@vm.example.com;target=sip:2001%40pbx.example.com;cause=408>;index=1.1.1;mp=1.1");
        CalledParty p = CalledPartyResolver.resolve(VM, hi, List.of(), "sip:1000@pbx.example.com");
        assertEquals(new CalledParty("2001", DiversionReason.NO_ANSWER, "history-info"), p);
    }

    @Test
    void historyInfoWithReasonOnTheFailedEntry() {
        List<String> hi = List.of("<sip:2001@pbx.example.com?Reason=SIP%3Bcause%3D486%3Btext%3D%22Busy%22>;index=1",
                "<sip:8000@vm.example.com>;index=1.1");
        CalledParty p = CalledPartyResolver.resolve(VM, hi, List.of(), "sip:2001@pbx.example.com");
        assertEquals(new CalledParty("2001", DiversionReason.BUSY, "history-info"), p);
    }

    @Test
    void historyInfoWithoutCausesTakesTheEntryBeforeTheLast() {
        List<String> hi = List.of("<sip:2001@pbx>;index=1", "<sip:8000@vm>;index=1.1");
        assertEquals(new CalledParty("2001", DiversionReason.UNKNOWN, "history-info"),
                CalledPartyResolver.resolve(VM, hi, List.of(), "sip:2001@pbx"));
    }

    @Test
    void topmostDiversionIsTheLastRedirectingParty() {
        List<String> div = List.of("<sip:2001@127.0.0.1>;reason=no-answer;counter=1, <sip:1000@127.0.0.1>;reason=unconditional");
        assertEquals(new CalledParty("2001", DiversionReason.NO_ANSWER, "diversion"),
                CalledPartyResolver.resolve(VM, List.of(), div, "sip:1000@127.0.0.1"));
    }

    @Test
    void diversionReasonTokens() {
        assertEquals(DiversionReason.BUSY, CalledPartyResolver.diversionReason("user-busy"));
        assertEquals(DiversionReason.UNAVAILABLE, CalledPartyResolver.diversionReason("unavailable"));
        assertEquals(DiversionReason.DO_NOT_DISTURB, CalledPartyResolver.diversionReason("Do-Not-Disturb"));
        assertEquals(DiversionReason.UNCONDITIONAL, CalledPartyResolver.diversionReason("unconditional"));
        assertEquals(DiversionReason.UNKNOWN, CalledPartyResolver.diversionReason(null));
    }

    @Test
    void diversionWithDisplayNameAndTelUri() {
        List<String> div = List.of("\"Alice, Sales\" <tel:+4930123456;phone-context=example.com>;reason=user-busy");
        assertEquals(new CalledParty("+4930123456", DiversionReason.BUSY, "diversion"),
                CalledPartyResolver.resolve(VM, List.of(), div, "sip:x@y"));
    }

    @Test
    void noDiversionInformationFallsBackToTheToHeader() {
        assertEquals(new CalledParty("8000", DiversionReason.NOT_DIVERTED, "to"),
                CalledPartyResolver.resolve(VM, List.of(), List.of(), "sip:8000@vm.example.com"));
    }

    @Test
    void malformedHistoryInfoIsSkippedForTheNextSource() {
        List<String> hi = List.of("<sip:2001@pbx;index=1");
        List<String> div = List.of("<sip:2002@pbx>;reason=user-busy");
        assertEquals(new CalledParty("2002", DiversionReason.BUSY, "diversion"),
                CalledPartyResolver.resolve(VM, hi, div, "sip:8000@vm"));
    }
}
