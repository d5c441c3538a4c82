package org.homebound.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test server's HTTPS certificate, as homebound-tls generated it in its base directory
 * (tls/site.p12): clients of the tests trust exactly that certificate, as a subscriber's browser
 * would after the operator installed it; nothing trusts everything.
 */
public final class ServerCertificate {

    private static final Path STORE = Path.of(System.getProperty("it.base.dir"), "tls", "site.p12");

    private ServerCertificate() {
    }

    public static String httpsBase() {
        return "https://127.0.0.1:" + (Integer.getInteger("it.http.port") - 8080 + 8443);
    }

    /** A TLS client context trusting the server's certificate only. */
    public static SSLContext trusted() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("homebound-it", certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Base64 of the SHA-256 of the certificate's public key (SubjectPublicKeyInfo): Chromium's form of a pinned key. */
    public static String publicKeyPin() throws IOException, GeneralSecurityException {
        byte[] spki = certificate().getPublicKey().getEncoded();
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }

    private static Certificate certificate() throws IOException, GeneralSecurityException {
        char[] password = Files.readString(STORE.resolveSibling("site.p12.password")).trim().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(STORE)) {
            store.load(in, password);
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return store.getCertificate(alias);
            }
        }
        throw new GeneralSecurityException(STORE + " holds no key");
    }
}
