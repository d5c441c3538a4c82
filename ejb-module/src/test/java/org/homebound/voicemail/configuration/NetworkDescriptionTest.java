package org.homebound.voicemail.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkDescriptionTest {

    private static final String THREE_SITES = """
            network.sites = berlin, munich, hamburg
            site.berlin.name = Berlin head office
            site.berlin.api = http://10.1.0.5:8080
            site.berlin.messaging = 10.1.0.5:8080
            site.berlin.ranges = 2000-2999, 5000-5099
            site.berlin.port-offset = 0
            site.munich.api = http://10.2.0.5:8080
            site.munich.messaging = 10.2.0.5:8080
            site.munich.ranges = 3000-3999, 2900-2949
            site.hamburg.api = https://hh.example.net
            site.hamburg.messaging = hh.example.net:8443
            site.hamburg.ranges = 4000-4999
            override.2001 = hamburg
            """;

    @Test
    void homeIsOverrideThenNarrowestRangeThenThisSite() {
        DirectorySnapshot d = NetworkDescription.parse(THREE_SITES).toSnapshot("berlin");
        assertEquals("hamburg", d.homeOf("2001"), "override wins over the range");
        assertEquals("berlin", d.homeOf("2002"));
        assertEquals("munich", d.homeOf("2900"), "a range nested in a wider one is more specific");
        assertEquals("munich", d.homeOf("2949"));
        assertEquals("berlin", d.homeOf("2950"));
        assertEquals("munich", d.homeOf("3999"));
        assertEquals("berlin", d.homeOf("5050"));
        assertEquals("berlin", d.homeOf("30001"), "a number of another length is in no range: this site decides");
        assertEquals("berlin", d.homeOf("9000"));
    }

    @Test
    void peersAreTheOtherSitesWithTheirAddresses() {
        DirectorySnapshot d = NetworkDescription.parse(THREE_SITES).toSnapshot("munich");
        assertEquals(List.of("berlin", "hamburg"), d.peers().stream().map(DirectorySnapshot.SiteEntry::id).toList());
        assertEquals("Berlin head office", d.site("berlin").orElseThrow().name());
        assertEquals("hh.example.net:8443", d.site("hamburg").orElseThrow().messagingAddress());
        assertTrue(d.isPeer("berlin"));
        assertFalse(d.isPeer("munich"), "this site is not its own peer");
        assertFalse(d.isPeer("paris"));
    }

    @Test
    void mistakesAreRefusedWithTheSettingNamed() {
        assertMessage("network.sites lists no site", "site.a.api = http://x\n");
        assertMessage("site.b.api", "network.sites = a, b\nsite.a.api=http://x:1\nsite.a.messaging=x:1\n");
        assertMessage("not an http(s) URL", "network.sites = a\nsite.a.api=ftp://x\nsite.a.messaging=x:1\n");
        assertMessage("must be host:port", "network.sites = a\nsite.a.api=http://x\nsite.a.messaging=x\n");
        assertMessage("unknown setting site.a.colour", "network.sites = a\nsite.a.api=http://x\nsite.a.messaging=x:1\nsite.a.colour=red\n");
        assertMessage("override.2001 = z", "network.sites = a\nsite.a.api=http://x\nsite.a.messaging=x:1\noverride.2001 = z\n");
        assertMessage("site id 'Berlin'", "network.sites = Berlin\n");
        assertMessage("same length", "network.sites = a\nsite.a.api=http://x\nsite.a.messaging=x:1\nsite.a.ranges=100-2000\n");
        assertMessage("overlap", """
                network.sites = a, b
                site.a.api=http://x
                site.a.messaging=x:1
                site.a.ranges=2000-2999
                site.b.api=http://y
                site.b.messaging=y:1
                site.b.ranges=2500-3500
                """);
        assertMessage("overlap", """
                network.sites = a, b
                site.a.api=http://x
                site.a.messaging=x:1
                site.a.ranges=2000-2999
                site.b.api=http://y
                site.b.messaging=y:1
                site.b.ranges=2000-2999
                """);
        assertMessage("site.b.api = http://y must be https in a network with a CA", """
                network.sites = a, b
                network.ca = ca.pem
                site.a.api=https://x
                site.a.messaging=x:1
                site.b.api=http://y
                site.b.messaging=y:1
                """);
    }

    @Test
    void theNetworkCaIsFoundBesideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("network.properties");
        Files.writeString(file, "network.sites = a\nnetwork.ca = tls/ca.pem\nsite.a.api = https://x:8443\nsite.a.messaging = x:8443\n");
        assertEquals(dir.resolve("tls/ca.pem"), NetworkDescription.read(file).trust());
        assertNull(NetworkDescription.parse(THREE_SITES).trust(), "without network.ca, https peers are checked against public CAs");
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkDescription.parse(text));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should say '" + expected + "'");
    }
}
