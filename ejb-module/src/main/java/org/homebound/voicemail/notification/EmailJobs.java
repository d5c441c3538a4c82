package org.homebound.voicemail.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.homebound.voicemail.application.MailboxChanges;
import org.homebound.voicemail.application.SubscriberMessages;
import org.homebound.voicemail.application.VoicemailException;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.configuration.MailSettings;
import org.homebound.voicemail.domain.email.EmailJob;
import org.homebound.voicemail.domain.email.EmailJobRepository;
import org.homebound.voicemail.domain.mailbox.AfterEmail;
import org.homebound.voicemail.domain.mailbox.EmailAttachment;
import org.homebound.voicemail.domain.mailbox.EmailSettings;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.jboss.logging.Logger;

/**
 * The outbox's steps, each its own transaction, so that what the mail server was told is never
 * rolled back with something else: an attempt is committed before the server is contacted, its
 * result after. Only once the server accepted a mail is its message deleted or marked heard.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class EmailJobs {

    private static final Logger LOG = Logger.getLogger(EmailJobs.class);

    @Inject
    EmailJobRepository jobs;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    MailboxChanges changes;
    @Inject
    SubscriberMessages subscriberMessages;
    @Inject
    AudioCodec codec;
    @Inject
    HomeboundSettings settings;
    @Inject
    org.homebound.voicemail.operations.SiteMetrics metrics;

    /**
     * What one attempt sends: the notice and, when the audio is to be attached, the stored audio and
     * the kind of file it becomes (encoded by the outbox outside any transaction; null kind: none).
     */
    public record Mail(UUID messageId, List<String> recipients, VoicemailEmail.Notice notice, AudioCodec.AudioFile kind,
                       org.homebound.voicemail.domain.message.AudioFormat storedFormat, byte[] stored) {
    }

    /** Takes up to limit due jobs and marks each as being attempted. */
    public List<UUID> claimDue(int limit) {
        Instant now = Instant.now();
        List<UUID> ids = new ArrayList<>();
        for (EmailJob job : jobs.lockDue(now, limit)) {
            job.attempting(now);
            ids.add(job.getMessageId());
        }
        return ids;
    }

    /** The mail for a claimed job; null when its message is gone (the job is then failed). */
    public Mail prepare(UUID id) {
        EmailJob job = job(id);
        VoiceMessage m = messages.find(id).orElse(null);
        MessageAudio audio = m == null ? null : messages.audioOf(id).orElse(null);
        if (m == null || m.getMailbox() == null || audio == null) {
            job.failed("the message no longer exists at this site");
            LOG.warnf("email for message %s (%s) not sent: the message no longer exists", id, job.getExtension());
            return null;
        }
        MailSettings mail = settings.mail();
        String link = mail.publicUrl().isEmpty() ? null
                : mail.publicUrl().replaceAll("/+$", "") + "/#message=" + id;
        boolean attach = job.getAttachment() != EmailAttachment.NONE;
        VoicemailEmail.Notice notice = new VoicemailEmail.Notice(id, m.getExtension(), m.getMailbox().getDisplayName(),
                subscriberMessages.nameOf(m.getCallerNumber()), m.getCallerNumber(), m.getReceivedAt(), m.getDurationMillis(),
                m.getRecordingSite(), m.getHomeSite(), link, null, attach ? null : "this mailbox receives the link only", mail.zoneId());
        return attach ? new Mail(id, job.getRecipients(), notice, AudioCodec.AudioFile.valueOf(job.getAttachment().name()),
                audio.formatOr(m.getAudioFormat()), audio.getData())
                : new Mail(id, job.getRecipients(), notice, null, null, null);
    }

    /** The mail server accepted the mail: the job is done and the mailbox's choice is carried out. */
    public void sent(UUID id, String reply) {
        EmailJob job = job(id);
        boolean withheld = job.isWithholdingLamp();
        job.sent(Instant.now(), reply);
        metrics.emailSent();
        VoiceMessage m = messages.find(id).orElse(null);
        if (m == null) {
            return;
        }
        messages.recordEvent(m, "emailed to " + String.join(", ", job.getRecipients()) + " (" + reply + ")");
        boolean changed = withheld;
        if (job.getAfterEmail() == AfterEmail.MARK_HEARD && !m.isHeard() && !m.isDeleted()) {
            m.markHeard();
            messages.recordEvent(m, "marked heard after its email");
            changed = true;
        } else if (job.getAfterEmail() == AfterEmail.DELETE && !m.isDeleted()) {
            m.delete(Instant.now());
            messages.recordEvent(m, "deleted after its email (recoverable until deleted messages are purged)");
            changed = true;
        }
        if (changed) {
            changes.changed(job.getExtension());
        }
        LOG.infof("message %s for %s emailed to %s after %d attempt(s); then %s", id, job.getExtension(), job.getRecipients(),
                job.getAttempts(), job.getAfterEmail());
    }

    /** The attempt failed: tried again later, or FAILED for good when the server refused the mail itself. */
    public void failed(UUID id, MailFailure failure) {
        EmailJob job = job(id);
        boolean withheld = job.isWithholdingLamp();
        Instant now = Instant.now();
        metrics.emailFailed(failure.permanent());
        if (failure.permanent()) {
            job.failed(failure.description());
            LOG.warnf("email for message %s (%s) REFUSED by the mail server after %d attempt(s): %s (kept; the admin can resend it)",
                    id, job.getExtension(), job.getAttempts(), failure.description());
        } else {
            job.retryAfter(settings.mail().retryWait(job.getAttempts()), now, failure.description());
            LOG.warnf("email for message %s (%s), attempt %d failed: %s; next attempt at %s", id, job.getExtension(), job.getAttempts(),
                    failure.description(), job.getNextAttemptAt());
        }
        messages.find(id).ifPresent(m -> messages.recordEvent(m, "email attempt " + job.getAttempts() + " failed: " + failure.description()));
        if (withheld) {
            changes.changed(job.getExtension()); // it lights the lamp now, like any message whose email did not go
        }
    }

    /** Attempts a stop or crash interrupted: made again (the one case where a mail may arrive twice). */
    public int recoverInterrupted() {
        List<EmailJob> interrupted = jobs.inState(EmailJob.State.SENDING, 10_000);
        Instant now = Instant.now();
        interrupted.forEach(j -> {
            j.interrupted(now);
            LOG.infof("email for message %s (%s): attempt %d was interrupted by a stop; it will be made again", j.getMessageId(),
                    j.getExtension(), j.getAttempts());
        });
        return interrupted.size();
    }

    /** Sends a message's email again now, whatever became of it (same Message-ID), to the mailbox's current addresses. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public EmailJobView resend(UUID id) {
        EmailJob job = jobs.find(id).orElseThrow(() -> VoicemailException.notFound("no email for message " + id));
        if (job.getState() == EmailJob.State.SENDING) {
            throw VoicemailException.conflict("the email for message " + id + " is being sent right now");
        }
        VoiceMessage m = messages.find(id).orElse(null);
        if (m == null || m.getMailbox() == null) {
            throw VoicemailException.conflict("message " + id + " no longer exists at this site");
        }
        EmailSettings current = m.getMailbox().getEmail();
        if (!current.enabled()) {
            throw VoicemailException.conflict("mailbox " + job.getExtension() + " has no email address now");
        }
        job.resend(Instant.now(), current);
        LOG.infof("email for message %s (%s) to be sent again (was %s)", id, job.getExtension(), job.getState());
        return EmailJobView.of(job);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<EmailJobView> list(String extension, List<EmailJob.State> states, int limit) {
        return jobs.list(extension, states, limit).stream().map(EmailJobView::of).toList();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Map<EmailJob.State, Long> counts() {
        return jobs.countsByState();
    }

    public int removeSentBefore(Instant cutOff) {
        return jobs.removeSentBefore(cutOff);
    }

    private EmailJob job(UUID id) {
        return jobs.find(id).orElseThrow(() -> new IllegalStateException("email job " + id + " vanished"));
    }
}
