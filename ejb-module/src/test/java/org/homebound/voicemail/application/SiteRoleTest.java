package org.homebound.voicemail.application;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SiteRoleTest {

    @Test
    void aSiteOfOneServerHoldsTheRoleWithoutAnElection() {
        assertFalse(SiteRole.clustered(), "no homebound.cluster.node in a unit test");
        assertTrue(SiteRole.held(), "a server that is not a node of a cluster does the site's work");
    }

    @Test
    void theSingletonServiceGivesAndTakesTheRole() {
        try {
            SiteRole.elected(false);
            assertFalse(SiteRole.held(), "stopped here: another node has it");
            SiteRole.elected(true);
            assertTrue(SiteRole.held(), "started here again");
        } finally {
            SiteRole.elected(true);
        }
    }

    @Test
    void theNodeNumberPropertyMakesAServerANodeOfACluster() {
        String was = System.getProperty(SiteRole.CLUSTER_NODE);
        try {
            System.setProperty(SiteRole.CLUSTER_NODE, "2");
            assertTrue(SiteRole.clustered());
            System.setProperty(SiteRole.CLUSTER_NODE, " ");
            assertFalse(SiteRole.clustered(), "blank is not a node number");
        } finally {
            if (was == null) {
                System.clearProperty(SiteRole.CLUSTER_NODE);
            } else {
                System.setProperty(SiteRole.CLUSTER_NODE, was);
            }
        }
    }
}
