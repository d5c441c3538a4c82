package org.homebound.telephony.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key pair and self-signed certificate made by the JDK's keytool when a test runs: nothing
 * secret is committed, and the store password is new every time.
 *
 * @param pem      the certificate alone, PEM (what a client is told to trust)
 * @param keyStore the PKCS12 store with key and certificate (what the server presents)
 * @param password the store's password
 */
public record TestCertificate(Path pem, Path keyStore, char[] password) {

    /**
     * Makes one in {@code dir}.
     *
     * @param name             file names and the certificate's common name
     * @param subjectAltNames  keytool syntax, e.g. "dns:localhost,ip:127.0.0.1"
     */
    public static TestCertificate make(Path dir, String name, String subjectAltNames) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        String password = UUID.randomUUID().toString();
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=" + subjectAltNames, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", password, "-file", pem.toString());
        return new TestCertificate(pem, store, password.toCharArray());
    }

    /** A server's TLS context presenting this certificate (and trusting {@code clients}' certificates, if any). */
    public SSLContext serverContext(TestCertificate... clients) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        TrustManager[] trust = null;
        if (clients.length > 0) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (TestCertificate c : clients) {
                try (InputStream in = Files.newInputStream(c.pem())) {
                    trusted.setCertificateEntry(c.pem().getFileName().toString(), CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            trust = tmf.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), trust, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
