package org.homebound.it.network;

/**
 * One site of the multi-site tests; its ports must match its container in arquillian.xml.
 *
 * @param id       site id, also the Arquillian container "site-ID" and the database homebound_it_ID
 * @param offset   WildFly port offset (HTTP 8080 + offset on loopback for the tests' API calls; HTTPS 8443 + offset
 *                 for the peers' probes and bridges)
 * @param sipPort  the site's SIP trunk
 * @param ranges   the extension ranges homed at the site
 */
public record TestSite(String id, int offset, int sipPort, String ranges) {

    public static final TestSite A = new TestSite("a", 300, 25380, "2000-2999");
    public static final TestSite B = new TestSite("b", 400, 25480, "3000-3999");
    public static final TestSite C = new TestSite("c", 500, 25580, "4000-4999");

    public int httpPort() {
        return 8080 + offset;
    }

    public int httpsPort() {
        return 8443 + offset;
    }

    /** WildFly's management interface: /health and /metrics. */
    public int managementPort() {
        return 9990 + offset;
    }

    /**
     * The port the other sites are told (network description): a {@link Partition} relay in front of
     * {@link #httpsPort()}, so a test can cut the link between sites without touching either server.
     */
    public int advertisedPort() {
        return httpsPort() + 50;
    }

    public String container() {
        return "site-" + id;
    }
}
