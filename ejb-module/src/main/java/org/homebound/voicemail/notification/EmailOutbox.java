package org.homebound.voicemail.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.homebound.voicemail.application.SiteRole;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's due mails, a batch per SMTP connection, every few moments and again at once
 * while a batch comes back full. Nothing here runs in a transaction: each step is EmailJobs' own,
 * and the SMTP conversation happens between them, so a slow mail server holds no database lock.
 * At start, attempts a crash interrupted are made due again.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EmailOutbox {

    private static final Logger LOG = Logger.getLogger(EmailOutbox.class);
    /** SENT jobs are kept this long for the console and traces, then removed. */
    private static final Duration SENT_RETENTION = Duration.ofDays(30);

    @Resource
    TimerService timers;
    @Inject
    EmailJobs jobs;
    @Inject
    MailServer server;
    @Inject
    HomeboundSettings settings;
    @Inject
    org.homebound.voicemail.codec.AudioCodec codec;

    private Instant lastCleanUp = Instant.EPOCH;

    @PostConstruct
    void start() {
        int interrupted = jobs.recoverInterrupted();
        long poll = settings.mail().poll().toMillis();
        next();
        LOG.infof("email outbox: mail server %s, looking for due mail every %d ms%s", server.describe(), poll,
                interrupted == 0 ? "" : "; " + interrupted + " interrupted attempt(s) to make again");
    }

    /** One look at the outbox, then the next is scheduled: a slow mail server delays the next look rather than overlapping it. */
    @Timeout
    void tick() {
        if (!SiteRole.held()) {
            next(); // another node of the site sends the mail; this one looks again in case the role comes here
            return;
        }
        try {
            int batch = settings.mail().batchSize();
            while (sendDue(batch) == batch) {
                // a full batch: more may be due
            }
            if (Duration.between(lastCleanUp, Instant.now()).toHours() >= 1) {
                lastCleanUp = Instant.now();
                int removed = jobs.removeSentBefore(lastCleanUp.minus(SENT_RETENTION));
                if (removed > 0) {
                    LOG.infof("email outbox: %d sent job(s) older than %d days removed", removed, SENT_RETENTION.toDays());
                }
            }
        } catch (RuntimeException e) {
            // Database gone, most likely: jobs stay as committed and are taken up at the next look. Not rethrown,
            // since the container would run this timeout again beside the next one scheduled below.
            LOG.warnf("email outbox: %s; looking again in %d ms", MailFailure.describe(e), settings.mail().poll().toMillis());
        } finally {
            next();
        }
    }

    private void next() {
        timers.createSingleActionTimer(settings.mail().poll().toMillis(), new TimerConfig("email outbox", false));
    }

    /** Sends up to limit due mails over one connection; returns how many were due. */
    int sendDue(int limit) {
        List<UUID> due = jobs.claimDue(limit);
        if (due.isEmpty()) {
            return 0;
        }
        MailServer.Connection connection;
        try {
            connection = server.connect();
        } catch (MessagingException | RuntimeException e) {
            MailFailure failure = MailFailure.of(e);
            due.forEach(id -> jobs.failed(id, failure));
            return due.size();
        }
        try (connection) {
            for (UUID id : due) {
                send(connection, id);
            }
        }
        return due.size();
    }

    /** The notice with its attachment: encoded here, outside any transaction (an MP3 of a long message takes a while). */
    private VoicemailEmail.Notice withAudio(EmailJobs.Mail mail) {
        if (mail.kind() == null) {
            return mail.notice();
        }
        byte[] file = codec.toFile(mail.kind(), mail.storedFormat(), mail.stored());
        long max = settings.mail().maxAttachmentBytes();
        if (file.length > max) {
            return mail.notice().withAudio(null, String.format("at %.1f MB it is larger than the %.1f MB this site attaches", file.length / 1e6, max / 1e6));
        }
        return mail.notice().withAudio(new VoicemailEmail.Attachment(mail.kind(), file), null);
    }

    private void send(MailServer.Connection connection, UUID id) {
        try {
            EmailJobs.Mail mail = jobs.prepare(id);
            if (mail == null) {
                return;
            }
            MimeMessage message = VoicemailEmail.compose(connection.session(), mail.recipients(), withAudio(mail));
            String reply = connection.send(message);
            jobs.sent(id, reply);
        } catch (MessagingException | RuntimeException e) {
            // Whatever went wrong, the job must not stay SENDING until the next start.
            jobs.failed(id, MailFailure.of(e));
        }
    }
}
