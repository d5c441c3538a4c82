package org.homebound.telephony.sip;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrustedPeersTest {

    @Test
    void addressesAndBlocks() {
        TrustedPeers peers = TrustedPeers.parse("127.0.0.1, 10.20.0.0/16, 192.168.1.128/25, ::1");
        assertTrue(peers.trusts("127.0.0.1"));
        assertFalse(peers.trusts("127.0.0.2"));
        assertTrue(peers.trusts("10.20.255.1"));
        assertFalse(peers.trusts("10.21.0.1"));
        assertTrue(peers.trusts("192.168.1.200"));
        assertFalse(peers.trusts("192.168.1.100"));
        assertTrue(peers.trusts("0:0:0:0:0:0:0:1"));
        assertFalse(peers.trusts(null));
        assertFalse(peers.trusts("pbx.example.com"), "names are never resolved");
    }

    @Test
    void badListsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TrustedPeers.parse(""));
        assertThrows(IllegalArgumentException.class, () -> TrustedPeers.parse("pbx.example.com"));
        assertThrows(IllegalArgumentException.class, () -> TrustedPeers.parse("10.0.0.0/33"));
    }
}
