package org.homebound.voicemail.application;

import org.jboss.logging.Logger;

/**
 * Whether this server does the site's once-per-site work: the forwarder (its sweep, and the drain
 * when a peer comes back), the sweeps, the compressor's backlog and the email outbox. A site of one
 * server always does. On a clustered site (a node started with {@code homebound.cluster.node})
 * WildFly's singleton service elects one node - the default policy, the oldest member - and gives
 * the role to a survivor when that node dies or leaves ({@link SiteRoleActivator}). (Every node
 * still probes the peers itself and routes by what it found, until availability is kept in a
 * clustered cache.) The timers of that work tick on every node
 * and return at once where the role is not held; what a node was doing when it died is in the
 * database and the queues, so the next holder picks it up.
 * <p>
 * The election reaches the application from an MSC service, outside CDI and EJB, so the role is
 * kept here, per deployment (a redeployment loads this class again).
 */
public final class SiteRole {

    private static final Logger LOG = Logger.getLogger(SiteRole.class);
    /** The system property homebound-site sets on the nodes of a clustered site: the node's number. */
    static final String CLUSTER_NODE = "homebound.cluster.node";

    private static volatile boolean held = !clustered();

    private SiteRole() {
    }

    /** True where this server does the site's once-per-site work now. */
    public static boolean held() {
        return held;
    }

    static boolean clustered() {
        String node = System.getProperty(CLUSTER_NODE, "");
        return !node.isBlank();
    }

    /** The singleton service started (true) or stopped (false) here. */
    static void elected(boolean now) {
        held = now;
        LOG.infof(now ? "node %s now does the site's once-per-site work (forwarding, sweeps, compression, email)"
                : "node %s no longer does the site's once-per-site work", System.getProperty(CLUSTER_NODE));
    }
}
