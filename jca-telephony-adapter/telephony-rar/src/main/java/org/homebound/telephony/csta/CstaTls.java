package org.homebound.telephony.csta;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the CTI link reaches the switch: plain TCP, or TLS where the switch's certificate must be
 * trusted (the configured PEM file, else the JVM's trust store) and must name the host Homebound
 * was told to connect to (RFC 6125 check, as a browser does; a certificate valid for another host is
 * refused). A switch that wants a client certificate gets the one in the configured PKCS#12 key
 * store (mutual TLS). The handshake completes within the request timeout, so a switch that accepts the TCP
 * connection and then says nothing does not hold the link up.
 */
final class CstaTls {

    private final CstaSettings settings;
    private final SSLSocketFactory tls;

    /** @throws IllegalArgumentException if the trust file or the client key store cannot be read or holds nothing of use */
    CstaTls(CstaSettings settings) {
        this.settings = settings;
        this.tls = settings.tls().on() ? socketFactory(settings.tls()) : null;
    }

    /** A connected socket to the switch, the TLS handshake (if any) done. */
    Socket connect() throws IOException {
        int timeout = (int) settings.requestTimeout().toMillis();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
            plain.setTcpNoDelay(true);
            plain.setKeepAlive(true);
            if (tls == null) {
                return plain;
            }
            SSLSocket s = (SSLSocket) tls.createSocket(plain, settings.host(), settings.port(), true);
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setSoTimeout(timeout);
            s.startHandshake();
            s.setSoTimeout(0);
            return s;
        } catch (IOException e) {
            plain.close();
            if (tls != null) {
                throw new IOException("TLS to " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private static SSLSocketFactory socketFactory(CstaSettings.Tls tls) {
        KeyManager[] keys = tls.keyStore().isBlank() ? null : keyManagers(tls.keyStore().trim(), tls.keyStorePassword());
        TrustManager[] trust = tls.trustCertificates().isBlank() ? null : trustManagers(tls.trustCertificates().trim());
        try {
            if (keys == null && trust == null) {
                return SSLContext.getDefault().getSocketFactory();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null); // null: the JVM's default for that half
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS for CSTA: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(String trustFile) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(Path.of(trustFile))) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("trust file " + trustFile + " holds no certificate");
            }
            int n = 0;
            for (Certificate c : certificates) {
                trusted.setCertificateEntry("switch-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trust file " + trustFile + ": " + e.getMessage(), e);
        }
    }

    /** Homebound's own key and certificate chain, for a switch that wants a client certificate. */
    private static KeyManager[] keyManagers(String keyStoreFile, String password) {
        char[] secret = password.toCharArray();
        try {
            KeyStore own = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(keyStoreFile))) {
                own.load(in, secret);
            }
            boolean hasKey = false;
            for (String alias : Collections.list(own.aliases())) {
                hasKey |= own.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalArgumentException("client key store " + keyStoreFile + " holds no private key");
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(own, secret);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            // a wrong password shows as an IOException whose cause is an UnrecoverableKeyException
            throw new IllegalArgumentException("client key store " + keyStoreFile + ": " + e.getMessage()
                    + (password.isEmpty() ? " (no password: HOMEBOUND_CSTA_KEY_STORE_PASSWORD is not set)" : ""), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
