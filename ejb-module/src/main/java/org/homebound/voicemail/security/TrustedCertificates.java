package org.homebound.voicemail.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS client context that trusts exactly the certificates of one PEM file (a CA, or the peers'
 * own certificates), read again when the file changes, so an operator can replace a CA without a
 * restart. Used for the mail server and for the availability probes to peer sites; the JVM's
 * public CAs are not consulted.
 */
public final class TrustedCertificates {

    private final Path file;
    private final String what;
    private volatile Loaded loaded;

    private record Loaded(FileTime modified, SSLContext context) {
    }

    /** @param what what the file is for, in error messages ("the mail trust store") */
    public TrustedCertificates(Path file, String what) {
        this.file = file;
        this.what = what;
    }

    public Path file() {
        return file;
    }

    /** The context for the file's current content. */
    public SSLContext context() throws IOException, GeneralSecurityException {
        FileTime modified = Files.getLastModifiedTime(file);
        Loaded cached = loaded;
        if (cached != null && cached.modified().equals(modified)) {
            return cached.context();
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("trusted" + n++, c);
            }
        }
        if (n == 0) {
            throw new GeneralSecurityException(what + " " + file + " holds no certificate");
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        loaded = new Loaded(modified, context);
        return context;
    }
}
