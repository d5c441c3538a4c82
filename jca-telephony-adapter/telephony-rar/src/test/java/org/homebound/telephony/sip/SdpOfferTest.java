package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.homebound.telephony.audio.AudioEncoding;
import org.junit.jupiter.api.Test;

class SdpOfferTest {

    private static final String BARESIP_OFFER = String.join("\r\n",
            "v=0", "o=- 1234 5678 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0",
            "m=audio 10000 RTP/AVP 8 0 101", "a=rtpmap:8 PCMA/8000", "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv", "");

    @Test
    void takesTheFirstG711LawOfferedAndTelephoneEvents() throws Exception {
        SdpOffer offer = SdpOffer.parse(BARESIP_OFFER);
        assertEquals(AudioEncoding.PCMA, offer.encoding());
        assertEquals(8, offer.payloadType());
        assertEquals(101, offer.telephoneEventType());
        assertEquals(10000, offer.remote().getPort());
        assertEquals("127.0.0.1", offer.remote().getAddress().getHostAddress());
    }

    @Test
    void theDirectionSaysWhetherTheCallerHoldsAndTheAnswerMirrorsIt() throws Exception {
        assertEquals(SdpOffer.Direction.SENDRECV, SdpOffer.parse(BARESIP_OFFER).direction());
        SdpOffer hold = SdpOffer.parse(BARESIP_OFFER.replace("a=sendrecv", "a=sendonly"));
        assertTrue(hold.direction().holds());
        assertTrue(hold.answer("127.0.0.1", 20000, 7, 1).contains("a=recvonly"));
        assertTrue(hold.answer("127.0.0.1", 20000, 7, 1).contains("o=homebound 7 8 IN IP4"), "version 1 of session 7");
        SdpOffer inactive = SdpOffer.parse("v=0\nc=IN IP4 10.0.0.1\nt=0 0\na=inactive\nm=audio 4000 RTP/AVP 0\n");
        assertEquals(SdpOffer.Direction.INACTIVE, inactive.direction(), "a session-level attribute applies to the stream");
        assertTrue(inactive.answer("127.0.0.1", 20000, 7).contains("a=inactive"));
        SdpOffer old = SdpOffer.parse("v=0\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0\n");
        assertTrue(old.direction().holds(), "RFC 2543 hold (c=0.0.0.0)");
        SdpOffer recvonly = SdpOffer.parse(BARESIP_OFFER.replace("a=sendrecv", "a=recvonly"));
        assertTrue(!recvonly.direction().holds());
        assertTrue(recvonly.answer("127.0.0.1", 20000, 7).contains("a=sendonly"));
    }

    @Test
    void staticPayloadTypesNeedNoRtpmap() throws Exception {
        SdpOffer offer = SdpOffer.parse("v=0\nc=IN IP4 10.1.2.3\nt=0 0\nm=audio 4000 RTP/AVP 18 0\n");
        assertEquals(AudioEncoding.PCMU, offer.encoding());
        assertEquals(-1, offer.telephoneEventType());
    }

    @Test
    void mediaLevelConnectionOverridesSessionLevel() throws Exception {
        SdpOffer offer = SdpOffer.parse("v=0\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP4 10.0.0.2\n");
        assertEquals("10.0.0.2", offer.remote().getAddress().getHostAddress());
    }

    @Test
    void answerMirrorsTheChosenCodec() throws Exception {
        String answer = SdpOffer.parse(BARESIP_OFFER).answer("127.0.0.1", 20002, 42);
        assertTrue(answer.contains("m=audio 20002 RTP/AVP 8 101\r\n"), answer);
        assertTrue(answer.contains("a=rtpmap:8 PCMA/8000"), answer);
        assertTrue(answer.contains("c=IN IP4 127.0.0.1"), answer);
    }

    @Test
    void noG711IsUnacceptable() {
        assertThrows(SdpOffer.UnacceptableSdpException.class,
                () -> SdpOffer.parse("v=0\nc=IN IP4 1.2.3.4\nt=0 0\nm=audio 4000 RTP/AVP 18 96\na=rtpmap:96 opus/48000/2\n"));
    }

    @Test
    void noAudioOrRejectedAudioIsUnacceptable() {
        assertThrows(SdpOffer.UnacceptableSdpException.class, () -> SdpOffer.parse("v=0\nc=IN IP4 1.2.3.4\nt=0 0\nm=video 4000 RTP/AVP 96\n"));
        assertThrows(SdpOffer.UnacceptableSdpException.class, () -> SdpOffer.parse("v=0\nc=IN IP4 1.2.3.4\nt=0 0\nm=audio 0 RTP/AVP 0\n"));
    }

    @Test
    void garbageIsMalformed() {
        assertThrows(SdpOffer.MalformedSdpException.class, () -> SdpOffer.parse("hello world"));
        assertThrows(SdpOffer.MalformedSdpException.class, () -> SdpOffer.parse("v=0\nm=audio 4000 RTP/AVP 0\n"));
        assertThrows(SdpOffer.MalformedSdpException.class, () -> SdpOffer.parse("v=0\nc=IN IP4 1.2.3.4\nm=audio port RTP/AVP 0\n"));
        assertThrows(SdpOffer.MalformedSdpException.class, () -> SdpOffer.parse(""));
    }

    @Test
    void hostNamesAreNotResolved() {
        assertThrows(SdpOffer.UnacceptableSdpException.class,
                () -> SdpOffer.parse("v=0\nc=IN IP4 media.example.com\nt=0 0\nm=audio 4000 RTP/AVP 0\n"));
    }
}
