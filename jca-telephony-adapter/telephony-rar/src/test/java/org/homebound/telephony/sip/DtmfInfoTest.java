package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DtmfInfoTest {

    @Test
    void readsTheKeyFromTheBodiesPhonesSend() {
        assertEquals('5', DtmfInfo.key("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        assertEquals('#', DtmfInfo.key("Application/DTMF-Relay", "signal = #\nDuration=100"));
        assertEquals('*', DtmfInfo.key("application/dtmf-relay", "Signal=10\r\n"));
        assertEquals('#', DtmfInfo.key("application/dtmf", "11"));
        assertEquals('7', DtmfInfo.key("application/dtmf", " 7\r\n"));
        assertEquals('A', DtmfInfo.key("application/dtmf", "a"));
    }

    @Test
    void anythingElseIsNoKey() {
        assertNull(DtmfInfo.key("application/dtmf-relay", "Duration=160"));
        assertNull(DtmfInfo.key("application/dtmf-relay", "Signal=55"));
        assertNull(DtmfInfo.key("application/dtmf-relay", "Signal=x"));
        assertNull(DtmfInfo.key("application/dtmf", ""));
        assertNull(DtmfInfo.key("text/plain", "5"));
        assertNull(DtmfInfo.key("application/sdp", "Signal=5"));
    }
}
