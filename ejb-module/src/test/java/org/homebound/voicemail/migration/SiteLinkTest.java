package org.homebound.voicemail.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names SiteLink shares with wildfly-config/bin/homebound-network, how a door names its peer, and how a backlog is cut into batches. */
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
    void aBacklogTravelsInBatchesThatStayOrdinaryMessages() {
        int limit = SiteLink.WIRE_BATCH_BYTES;
        // 30 s of Opus (~38 KB): a forwarding batch of 25 fits; G.711 (240 KB): 4; a 1.2 MB message goes alone.
        assertEquals(1, SiteLink.wireBatches(Collections.nCopies(25, 38_500), Integer::intValue).size());
        List<Integer> sizes = List.of(38_500, 38_500, 240_000, 240_000, 240_000, 240_000, 1_200_000, 38_500);
        List<List<Integer>> batches = SiteLink.wireBatches(sizes, Integer::intValue);
        assertEquals(List.of(List.of(38_500, 38_500, 240_000, 240_000, 240_000), List.of(240_000), List.of(1_200_000), List.of(38_500)), batches);
        for (List<Integer> batch : batches) {
            assertTrue(batch.size() == 1 || batch.stream().mapToLong(Integer::longValue).sum() <= limit, batch.toString());
        }
        List<Integer> many = Collections.nCopies(2 * SiteBatch.MAX_ITEMS + 1, 10);
        assertEquals(List.of(SiteBatch.MAX_ITEMS, SiteBatch.MAX_ITEMS, 1), SiteLink.wireBatches(many, Integer::intValue).stream().map(List::size).toList());
        assertEquals(List.of(), SiteLink.wireBatches(List.<Integer>of(), Integer::intValue));
    }

    @Test
    void namesMatchTheOperatorTooling() {
        assertEquals("to-b", SiteLink.bridgeName("b"));
        assertEquals("ToSite.b", SiteLink.outboundQueueName("b"));
        assertEquals("java:/jms/homebound/to/b", SiteLink.outboundJndiName("b"));
    }
}
