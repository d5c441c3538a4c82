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
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the CTI link reaches the switch: plain TCP, or TLS where the switch's certificate must be
 * trusted (the configured PEM file, else the JVM's trust store) and must name the host Homebound
 * was told to connect to (RFC 6125 check, as a browser does; a certificate valid for another host is
 * refused). The handshake completes within the request timeout, so a switch that accepts the TCP
 * connection and then says nothing does not hold the link up.
 */
final class CstaTls {

    private final CstaSettings settings;
    private final SSLSocketFactory tls;

    /** @throws IllegalArgumentException if the trust file cannot be read or holds no certificate */
    CstaTls(CstaSettings settings) {
        this.settings = settings;
        this.tls = settings.tls() ? socketFactory(settings.trustCertificates()) : null;
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

    private static SSLSocketFactory socketFactory(String trustFile) {
        try {
            if (trustFile == null || trustFile.isBlank()) {
                return SSLContext.getDefault().getSocketFactory();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(Path.of(trustFile.trim()))) {
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
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("trust file " + trustFile + ": " + e.getMessage(), e);
        }
    }
}
