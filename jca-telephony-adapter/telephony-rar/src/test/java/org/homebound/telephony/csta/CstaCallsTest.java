package org.homebound.telephony.csta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.homebound.telephony.api.CallOffered;
import org.homebound.telephony.api.DiversionReason;
import org.junit.jupiter.api.Test;

class CstaCallsTest {

    private final CstaCalls calls = new CstaCalls(Duration.ofMillis(300));
    private final List<CallOffered> told = new ArrayList<>();

    private static CallOffered invite(String sipCallId, String calling) {
        // what the INVITE alone says: a call to the pilot, nobody diverted it
        return new CallOffered(sipCallId, calling, "8000", DiversionReason.NOT_DIVERTED, "8000", "sip", Instant.now());
    }

    @Test
    void anInviteAfterTheCstaReportTakesItsReasonAndMailbox() {
        calls.reported("c1", "8000", "1001", "4001", DiversionReason.BUSY);
        calls.offered(invite("sip-1", "1001"), "", true, told::add);
        assertEquals(1, told.size());
        CallOffered o = told.get(0);
        assertEquals("sip-1", o.callId());
        assertEquals("4001", o.calledNumber());
        assertEquals(DiversionReason.BUSY, o.reason());
        assertEquals("csta", o.driver());
        assertEquals("8000", o.dialledNumber());
        assertEquals("c1", calls.ofSipCall("sip-1").orElseThrow().callId());
    }

    @Test
    void anInviteBeforeTheCstaReportWaitsForIt() {
        calls.offered(invite("sip-1", "+49301001"), "", true, told::add);
        assertTrue(told.isEmpty());
        calls.reported("c1", "8000", "0301001", "4001", DiversionReason.NO_ANSWER); // national form of the same number
        assertEquals("4001", told.get(0).calledNumber());
    }

    @Test
    void withoutAPartnerTheInviteGoesOnAsSipSaidAfterTheWindowOrAtOnceWhenTheLinkIsDown() throws Exception {
        CallOffered alone = invite("sip-1", "1001");
        calls.offered(alone, "", true, told::add);
        calls.expire(false);
        assertTrue(told.isEmpty(), "still within the window");
        Thread.sleep(350);
        calls.expire(false);
        assertSame(alone, told.get(0));

        CallOffered linkDown = invite("sip-2", "1001");
        calls.offered(linkDown, "", false, told::add);
        assertSame(linkDown, told.get(1));
    }

    @Test
    void userToUserDataNamesTheCallWhenTwoCallersLookAlike() {
        calls.reported("c1", "8000", "1001", "4001", DiversionReason.BUSY);
        calls.reported("c2", "8000", "1001", "4002", DiversionReason.NO_ANSWER);
        calls.offered(invite("sip-2", "1001"), "c2", true, told::add);
        assertEquals("4002", told.get(0).calledNumber());
        calls.offered(invite("sip-1", "1001"), "", true, told::add);
        assertEquals("4001", told.get(1).calledNumber(), "the other one, by number");
    }

    @Test
    void oneCstaCallPairsWithOneInviteOnlyAndOldReportsAreForgotten() throws Exception {
        calls.reported("c1", "8000", "1001", "4001", DiversionReason.BUSY);
        calls.offered(invite("sip-1", "1001"), "", false, told::add);
        calls.offered(invite("sip-2", "1001"), "", false, told::add);
        assertEquals("4001", told.get(0).calledNumber());
        assertEquals("8000", told.get(1).calledNumber(), "the second INVITE has no partner");

        calls.reported("c9", "8000", "2002", "4009", DiversionReason.BUSY);
        Thread.sleep(350);
        calls.expire(false);
        calls.offered(invite("sip-3", "2002"), "", false, told::add);
        assertEquals("8000", told.get(2).calledNumber(), "a report older than the window is not a partner");
    }

    @Test
    void aSnapshotForgetsOnlyCallsReportedBeforeItWasAskedForThatTheSwitchNoLongerHas() throws Exception {
        calls.reported("gone", "8000", "1001", "4001", DiversionReason.BUSY);
        calls.reported("still-there", "8000", "1002", "4002", DiversionReason.BUSY);
        calls.reported("elsewhere", "8001", "1003", "4003", DiversionReason.BUSY);
        Thread.sleep(1); // System.nanoTime moves on
        long asked = System.nanoTime();
        calls.reported("newer", "8000", "1004", "4004", DiversionReason.NO_ANSWER); // after the switch took its snapshot
        assertEquals(1, calls.retainAt("8000", java.util.Set.of("still-there"), asked));
        assertTrue(calls.byCallId("gone").isEmpty());
        assertTrue(calls.byCallId("still-there").isPresent());
        assertTrue(calls.byCallId("elsewhere").isPresent(), "another device's snapshot decides about it");
        assertTrue(calls.byCallId("newer").isPresent(), "newer than the snapshot");
    }

    @Test
    void clearedAndEndedCallsAreForgottenAndACancelledInviteIsToldNothing() {
        calls.reported("c1", "8000", "1001", "4001", DiversionReason.BUSY);
        calls.offered(invite("sip-1", "1001"), "", true, told::add);
        assertEquals("sip-1", calls.cleared("c1").orElseThrow().sipCallId);
        assertTrue(calls.ofSipCall("sip-1").isEmpty());

        calls.offered(invite("sip-2", "3003"), "", true, told::add);
        calls.sipCallEnded("sip-2");
        calls.reported("c3", "8000", "3003", "4003", DiversionReason.BUSY);
        calls.expire(true);
        assertEquals(1, told.size(), "the cancelled INVITE is not delivered");
        assertNull(calls.ofSipCall("sip-2").orElse(null));
    }

    @Test
    void numbersAreTheSameInNationalAndInternationalFormButNotWhenTooShort() {
        assertTrue(CstaCalls.sameNumber("+49 30 555 1001", "030 5551001"));
        assertTrue(CstaCalls.sameNumber("1001", "1001"));
        assertFalse(CstaCalls.sameNumber("1001", "2001"));
        assertFalse(CstaCalls.sameNumber("001", "1001"), "three digits are not enough to be a tail");
        assertFalse(CstaCalls.sameNumber("", ""));
    }
}
