package org.homebound.voicemail.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The names SiteLink shares with wildfly-config/bin/homebound-network, and how a door names its peer. */
class SiteLinkTest {

    @Test
    void aDoorNamesItsPeer() {
        assertEquals("jms.queue.Inbound.berlin", SiteLink.doorAddress("berlin"));
        assertEquals("berlin", SiteLink.peerOfDoor(SiteLink.doorAddress("berlin")));
    }

    @Test
    void anythingThatIsNotADoorNamesNoPeer() {
        assertNull(SiteLink.peerOfDoor(null), "sent straight to the inbound queue: no original address");
        assertNull(SiteLink.peerOfDoor("jms.queue.Inbound"));
        assertNull(SiteLink.peerOfDoor("jms.queue.Inbound."));
        assertNull(SiteLink.peerOfDoor("jms.queue.InboundX.berlin"));
        assertNull(SiteLink.peerOfDoor("jms.queue.ToSite.berlin"));
    }

    @Test
    void namesMatchTheOperatorTooling() {
        assertEquals("to-b", SiteLink.bridgeName("b"));
        assertEquals("ToSite.b", SiteLink.outboundQueueName("b"));
        assertEquals("java:/jms/homebound/to/b", SiteLink.outboundJndiName("b"));
    }
}
