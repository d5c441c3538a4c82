package org.homebound.voicemail.application;

import java.util.List;
import java.util.Map;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.account.Account;
import org.homebound.voicemail.domain.account.AccountRepository;
import org.homebound.voicemail.domain.email.EmailJobRepository;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.extensions.DialPlan;
import org.homebound.voicemail.security.PasswordDigests;
import org.homebound.voicemail.security.PinRules;
import org.jboss.logging.Logger;

/** Creating, changing, listing and disabling mailboxes, with the subscriber's login that comes with each. */
@Stateless
public class MailboxAdministration {

    private static final Logger LOG = Logger.getLogger(MailboxAdministration.class);
    private static final int MAX_QUOTA = 10_000;

    @Inject
    MailboxRepository mailboxes;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    AccountRepository accounts;
    @Inject
    DialPlan dialPlan;
    @Inject
    HomeboundSettings settings;
    @Inject
    SiteDirectory directory;
    @Inject
    MailboxChanges changes;
    @Inject
    Logins logins;
    @Inject
    EmailJobRepository emailJobs;

    public MailboxView create(MailboxSpec spec) {
        if (spec.extension() == null || !dialPlan.isExtension(spec.extension())) {
            throw VoicemailException.invalid("extension must be " + dialPlan.minDigits() + "-" + dialPlan.maxDigits()
                    + " digits within this site's dial plan, got " + spec.extension());
        }
        if (spec.pin() == null) {
            throw VoicemailException.invalid("pin is required");
        }
        String name = validName(spec.name());
        int quota = spec.quota() == null ? settings.defaultQuota() : validQuota(spec.quota());
        char[] pin = validPin(spec.pin());
        if (mailboxes.findByExtension(spec.extension()).isPresent() || accounts.find(spec.extension()).isPresent()) {
            throw VoicemailException.conflict("mailbox " + spec.extension() + " already exists");
        }
        Mailbox mailbox = new Mailbox(spec.extension(), name, quota);
        mailbox.setEnabled(spec.enabled() == null || spec.enabled());
        if (spec.email() != null) {
            mailbox.setEmail(spec.email().toSettings());
        }
        mailboxes.add(mailbox);
        accounts.add(new Account(spec.extension(), Account.ROLE_SUBSCRIBER, PasswordDigests.digest(pin)));
        LOG.infof("mailbox %s (%s) created at %s, quota %d", mailbox.getExtension(), name, settings.siteId(), quota);
        return view(mailbox);
    }

    public MailboxView update(String extension, MailboxSpec spec) {
        Mailbox mailbox = find(extension);
        if (spec.extension() != null && !spec.extension().equals(extension)) {
            throw VoicemailException.invalid("a mailbox's extension cannot be changed (" + extension + " -> " + spec.extension() + ")");
        }
        if (spec.name() != null) {
            mailbox.rename(validName(spec.name()));
        }
        if (spec.quota() != null) {
            mailbox.setQuota(validQuota(spec.quota()));
        }
        if (spec.pin() != null) {
            account(extension).setPassword(PasswordDigests.digest(validPin(spec.pin())));
        }
        if (spec.enabled() != null) {
            setEnabled(mailbox, spec.enabled());
        }
        if (spec.email() != null) {
            mailbox.setEmail(spec.email().toSettings());
        }
        LOG.infof("mailbox %s updated", extension);
        return view(mailbox);
    }

    public MailboxView setEnabled(String extension, boolean enabled) {
        Mailbox mailbox = find(extension);
        setEnabled(mailbox, enabled);
        LOG.infof("mailbox %s %s", extension, enabled ? "enabled" : "disabled");
        return view(mailbox);
    }

    private void setEnabled(Mailbox mailbox, boolean enabled) {
        mailbox.setEnabled(enabled);
        account(mailbox.getExtension()).setEnabled(enabled);
        changes.changed(mailbox.getExtension());
    }

    public List<MailboxView> list() {
        Map<String, Long> failing = emailJobs.failingByMailbox();
        return mailboxes.findAll().stream().map(m -> view(m, failing.getOrDefault(m.getExtension(), 0L))).toList();
    }

    /** Sets where the mailbox's new messages are emailed; the owner may do this too. */
    public EmailPreferences setEmail(String extension, EmailPreferences email) {
        Mailbox mailbox = find(extension);
        mailbox.setEmail(email.toSettings());
        LOG.infof("mailbox %s: email %s", extension, mailbox.getEmail().enabled()
                ? "to " + mailbox.getEmail().addresses() + ", " + mailbox.getEmail().attachment() + ", then " + mailbox.getEmail().afterEmail() : "off");
        return EmailPreferences.of(mailbox.getEmail());
    }

    public EmailPreferences email(String extension) {
        return EmailPreferences.of(find(extension).getEmail());
    }

    /** The mailbox owner's name, or null when there is no such mailbox here. */
    public String nameOf(String extension) {
        return mailboxes.findByExtension(extension).map(Mailbox::getDisplayName).orElse(null);
    }

    public MailboxView get(String extension) {
        return view(find(extension));
    }

    private Mailbox find(String extension) {
        return mailboxes.findByExtension(extension).orElseThrow(() -> VoicemailException.notFound("no mailbox " + extension));
    }

    private Account account(String extension) {
        return accounts.find(extension).orElseThrow(() -> VoicemailException.notFound("no login for mailbox " + extension));
    }

    private MailboxView view(Mailbox m) {
        return view(m, emailJobs.failingByMailbox().getOrDefault(m.getExtension(), 0L));
    }

    private MailboxView view(Mailbox m, long emailFailures) {
        VoiceMessageRepository.MessageCounts counts = messages.countFor(m);
        Logins.LockoutView pin = logins.standing(m.getExtension());
        return new MailboxView(m.getExtension(), m.getDisplayName(), m.isEnabled(), m.getQuota(), directory.homeSiteOf(m.getExtension()),
                counts.newMessages(), counts.oldMessages(), m.getCreatedAt(), pin != null && pin.locked(), pin == null ? 0 : pin.failedLogins(),
                pin == null ? null : pin.until(), EmailPreferences.of(m.getEmail()), emailFailures);
    }

    private static String validName(String name) {
        if (name == null || name.isBlank() || name.length() > 120) {
            throw VoicemailException.invalid("name must be 1-120 characters");
        }
        return name.trim();
    }

    private static int validQuota(int quota) {
        if (quota < 1 || quota > MAX_QUOTA) {
            throw VoicemailException.invalid("quota must be between 1 and " + MAX_QUOTA + " messages");
        }
        return quota;
    }

    private static char[] validPin(String pin) {
        String problem = PinRules.problemWith(pin);
        if (problem != null) {
            throw VoicemailException.invalid(problem);
        }
        return pin.toCharArray();
    }
}
