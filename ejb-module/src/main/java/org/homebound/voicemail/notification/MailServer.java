package org.homebound.voicemail.notification;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.security.TrustedCertificates;

/**
 * The SMTP server, as WildFly's mail session describes it (host, port, STARTTLS or implicit TLS,
 * login with the password WildFly holds), with two things the mail subsystem cannot say:
 * a TLS connection must check the server's certificate and name (and STARTTLS is required, not
 * merely tried, so it cannot be stripped), and the certificate may chain to the operator's own CA
 * (homebound.mail.trust-store, a PEM file re-read when it changes).
 */
@ApplicationScoped
public class MailServer {

    public static final String SESSION = "java:jboss/mail/Homebound";

    @Resource(lookup = SESSION)
    Session configured;

    @Inject
    HomeboundSettings settings;

    private volatile TrustedCertificates trust;

    /** A connection for a few mails; close it after them. */
    public Connection connect() throws MessagingException {
        Session session = session();
        Transport transport = session.getTransport("smtp");
        transport.connect();
        return new Connection(session, transport);
    }

    public Session session() throws MessagingException {
        Properties props = new Properties();
        props.putAll(configured.getProperties());
        boolean starttls = Boolean.parseBoolean(props.getProperty("mail.smtp.starttls.enable"));
        boolean implicit = Boolean.parseBoolean(props.getProperty("mail.smtp.ssl.enable"));
        if (starttls) {
            props.put("mail.smtp.starttls.required", "true");
        }
        if (starttls || implicit) {
            props.put("mail.smtp.ssl.checkserveridentity", "true");
            SSLSocketFactory factory = trustedFactory();
            if (factory != null) {
                props.put("mail.smtp.ssl.socketFactory", factory);
            }
        }
        String user = props.getProperty("mail.smtp.user");
        if (user == null || user.isBlank()) {
            props.remove("mail.smtp.user");
            props.put("mail.smtp.auth", "false");
        }
        props.putIfAbsent("mail.smtp.connectiontimeout", "10000");
        props.putIfAbsent("mail.smtp.timeout", "30000");
        props.putIfAbsent("mail.smtp.writetimeout", "60000");
        // The password is the mail session's (an expression on the environment, or a credential store): asked of
        // WildFly's own authenticator, so it is never copied into properties.
        jakarta.mail.PasswordAuthentication credentials = user == null || user.isBlank() ? null
                : configured.requestPasswordAuthentication(null, 0, "smtp", null, user);
        jakarta.mail.Authenticator login = credentials == null ? null : new jakarta.mail.Authenticator() {
            @Override
            protected jakarta.mail.PasswordAuthentication getPasswordAuthentication() {
                return credentials;
            }
        };
        return Session.getInstance(props, login);
    }

    /** Where the mail session sends to, for logs and the console. */
    public String describe() {
        Properties p = configured.getProperties();
        String tls = Boolean.parseBoolean(p.getProperty("mail.smtp.ssl.enable")) ? "implicit TLS"
                : Boolean.parseBoolean(p.getProperty("mail.smtp.starttls.enable")) ? "STARTTLS" : "no TLS";
        return p.getProperty("mail.smtp.host") + ":" + p.getProperty("mail.smtp.port", "25") + " (" + tls + ")";
    }

    private SSLSocketFactory trustedFactory() throws MessagingException {
        String name = settings.mail().trustStore();
        if (name.isEmpty()) {
            return null;
        }
        TrustedCertificates cached = trust;
        if (cached == null || !cached.file().equals(Path.of(name))) {
            cached = new TrustedCertificates(Path.of(name), "the mail trust store");
            trust = cached;
        }
        try {
            return cached.context().getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new MessagingException("cannot read the mail trust store " + name + ": " + e.getMessage(), e);
        }
    }

    /** An open SMTP connection. */
    public static final class Connection implements AutoCloseable {
        private final Session session;
        private final Transport transport;

        Connection(Session session, Transport transport) {
            this.session = session;
            this.transport = transport;
        }

        public Session session() {
            return session;
        }

        /** Sends one mail; returns the server's reply to it, when the transport reports one. */
        public String send(MimeMessage mail) throws MessagingException {
            transport.sendMessage(mail, mail.getAllRecipients());
            return replyOf(transport);
        }

        @Override
        public void close() {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The mails are sent or not by now; a failing QUIT changes neither.
            }
        }

        /** Angus Mail's SMTPTransport keeps the last reply; asked for by name, its class is not visible to deployments. */
        private static String replyOf(Transport transport) {
            try {
                Object reply = transport.getClass().getMethod("getLastServerResponse").invoke(transport);
                return reply == null ? "accepted" : reply.toString().trim();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return "accepted";
            }
        }
    }
}
