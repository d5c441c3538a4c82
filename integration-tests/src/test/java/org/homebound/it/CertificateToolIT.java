package org.homebound.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wildfly-config/bin/homebound-tls, the certificates an operator and homebound-network make: a
 * network CA, site certificates from it for the names peers use, the HTTPS key store from a
 * PKCS#12 file or PEM, a generated one kept across starts, the fingerprint it prints, and trust
 * stores of several certificates.
 */
class CertificateToolIT {

    private static final Path TOOL = Path.of(System.getProperty("homebound.network.command")).resolveSibling("homebound-tls");

    @TempDir
    Path dir;

    @Test
    void aSiteCertificateFromTheNetworkCaNamesItsHostsAndChainsToTheCa() throws Exception {
        run(Map.of(), "ca", "--dir", dir.resolve("ca").toString());
        Path store = dir.resolve("berlin.p12");
        run(Map.of(), "issue", "--ca", dir.resolve("ca").toString(), "--site", "berlin", "--hosts", "vm-berlin.example.com,10.1.0.5", "--out", store.toString());

        X509Certificate[] chain = chain(store, Files.readString(Path.of(store + ".password")).trim());
        X509Certificate ca = pem(dir.resolve("ca/ca.pem")).get(0);
        assertEquals(2, chain.length, "the site's certificate and the CA's");
        Set<String> names = chain[0].getSubjectAlternativeNames().stream().map(n -> n.get(1).toString()).collect(Collectors.toSet());
        assertEquals(Set.of("vm-berlin.example.com", "10.1.0.5"), names);
        assertTrue(chain[0].getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "for TLS servers");
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain[0])),
                noRevocation(new PKIXParameters(Set.of(new TrustAnchor(ca, null)))));
        assertEquals(-1, chain[0].getBasicConstraints(), "not a CA itself");
        assertEquals(0, ca.getBasicConstraints(), "the CA signs sites only");
        assertEquals("600", mode(store), "the key store is its owner's only");

        // A second `ca` keeps the CA: certificates issued before stay valid.
        run(Map.of(), "ca", "--dir", dir.resolve("ca").toString());
        assertEquals(ca, pem(dir.resolve("ca/ca.pem")).get(0));
    }

    @Test
    void theHttpsKeyStoreIsTheOperatorsOrOneGeneratedOnceAndTheFingerprintIsItsCertificates() throws Exception {
        Path base = dir.resolve("site");
        String first = run(Map.of(), "server", "--base", base.toString(), "--hosts", "127.0.0.1,voicemail.example.com");
        X509Certificate generated = chain(base.resolve("tls/site.p12"), Files.readString(base.resolve("tls/site.p12.password")).trim())[0];
        assertEquals(fingerprint(generated), printed(first));
        assertEquals(printed(first), printed(run(Map.of(), "server", "--base", base.toString())), "generated once, kept across starts");
        String properties = Files.readString(base.resolve("configuration/homebound-tls.properties"));
        assertTrue(properties.contains("homebound.tls.keystore=" + base.resolve("tls/site.p12")), properties);
        assertEquals("600", mode(base.resolve("configuration/homebound-tls.properties")));

        run(Map.of(), "ca", "--dir", dir.resolve("ca").toString());
        Path issued = dir.resolve("issued.p12");
        run(Map.of(), "issue", "--ca", dir.resolve("ca").toString(), "--site", "s", "--hosts", "127.0.0.1", "--out", issued.toString());
        String password = Files.readString(Path.of(issued + ".password")).trim();
        String operators = run(Map.of("HOMEBOUND_TLS_KEYSTORE_PASSWORD", password), "server", "--base", base.toString(), "--keystore", issued.toString());
        assertEquals(fingerprint(chain(issued, password)[0]), printed(operators));
        assertNotEquals(printed(first), printed(operators));
        assertTrue(Files.readString(base.resolve("configuration/homebound-tls.properties")).contains("homebound.tls.keystore=" + issued));

        // The same certificate and key as PEM files, as many CAs hand them out.
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        openssl("pkcs12", "-in", issued.toString(), "-passin", "pass:" + password, "-nokeys", "-out", cert.toString());
        openssl("pkcs12", "-in", issued.toString(), "-passin", "pass:" + password, "-nocerts", "-nodes", "-out", key.toString());
        assertEquals(printed(operators), printed(run(Map.of(), "server", "--base", base.toString(), "--cert", cert.toString(), "--key", key.toString())));

        assertThrows(AssertionError.class, () -> run(Map.of(), "server", "--base", base.toString(), "--keystore", issued.toString()),
                "a key store without its password in the environment is refused");
        assertThrows(AssertionError.class, () -> run(Map.of("HOMEBOUND_TLS_KEYSTORE_PASSWORD", "wrong"), "server", "--base", base.toString(),
                "--keystore", issued.toString()), "a wrong password is refused");
    }

    @Test
    void aTrustStoreHoldsEveryCertificateOfItsPemFile() throws Exception {
        run(Map.of(), "ca", "--dir", dir.resolve("one").toString());
        run(Map.of(), "ca", "--dir", dir.resolve("two").toString());
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(dir.resolve("one/ca.pem")) + Files.readString(dir.resolve("two/ca.pem")));
        Path store = dir.resolve("trust.p12");
        run(Map.of(), "trust", "--pem", bundle.toString(), "--out", store.toString());
        KeyStore trust = load(store, Files.readString(Path.of(store + ".password")).trim());
        assertEquals(2, trust.size());
        for (String alias : Collections.list(trust.aliases())) {
            assertTrue(trust.isCertificateEntry(alias));
        }
        Files.writeString(bundle, "not a certificate\n");
        assertThrows(AssertionError.class, () -> run(Map.of(), "trust", "--pem", bundle.toString(), "--out", store.toString()));
    }

    private static String printed(String output) {
        return output.lines().filter(l -> l.startsWith("HTTPS certificate SHA-256 fingerprint: ")).map(l -> l.substring(l.indexOf(": ") + 2))
                .findFirst().orElseThrow(() -> new AssertionError("no fingerprint in: " + output));
    }

    private static String fingerprint(X509Certificate c) throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    }

    private static X509Certificate[] chain(Path store, String password) throws Exception {
        KeyStore ks = load(store, password);
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
                return Arrays.stream(ks.getCertificateChain(alias)).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            }
        }
        throw new AssertionError(store + " has no key");
    }

    private static KeyStore load(Path store, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }

    private static List<X509Certificate> pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
        }
    }

    private static PKIXParameters noRevocation(PKIXParameters p) {
        p.setRevocationEnabled(false);
        return p;
    }

    private static String mode(Path file) throws Exception {
        return Integer.toOctalString(((Integer) Files.getAttribute(file, "unix:mode")) & 0777);
    }

    private static void openssl(String... args) throws Exception {
        Process p = new ProcessBuilder(concat("openssl", args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    private static String run(Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(concat(TOOL.toString(), args)).redirectErrorStream(true);
        pb.environment().remove("HOMEBOUND_TLS_KEYSTORE_PASSWORD");
        pb.environment().putAll(environment);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "homebound-tls " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }
}
