package org.homebound.voicemail.application;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import org.homebound.voicemail.callstatus.AdmissionChanges;
import org.homebound.voicemail.callstatus.MailboxAdmission;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.configuration.NetworkDescription;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.account.Account;
import org.homebound.voicemail.domain.account.AccountRepository;
import org.homebound.voicemail.domain.site.Site;
import org.homebound.voicemail.domain.site.SiteRepository;
import org.homebound.voicemail.security.PasswordDigests;
import org.jboss.logging.Logger;

/**
 * Start-up duties: register this site in the directory, load the network description if the
 * site has one (it then replaces the directory's ranges and overrides), and make sure an
 * administrator can log in. The administrator's password comes from HOMEBOUND_ADMIN_PASSWORD or is generated once
 * and written, readable only by the server's user, to the data folder; it is never logged.
 */
@Singleton
@Startup
public class SiteStartup {

    private static final Logger LOG = Logger.getLogger(SiteStartup.class);
    public static final String ADMIN = "admin";
    /** At most this much AES-GCM at start (at the cold speed, ~20 MiB/s here, about 3 s of one core in the background). */
    private static final long CIPHER_WARM_UP_BYTES = 64L << 20;
    /** Encrypting and decrypting this fast means compiled (cold: 17-27 MiB/s; compiled: 260-900). */
    private static final double CIPHER_FAST_MIB_PER_SECOND = 150;

    @Inject
    HomeboundSettings settings;
    @Inject
    SiteRepository sites;
    @Inject
    AccountRepository accounts;
    @Inject
    SiteDirectory directory;
    @Inject
    MailboxAdmission admission;
    @Resource
    ManagedExecutorService executor;

    @PostConstruct
    void start() {
        Site local = sites.find(settings.siteId()).orElse(null);
        if (local == null) {
            sites.add(new Site(settings.siteId(), settings.siteName(), true));
        } else {
            local.rename(settings.siteName());
        }
        if (!settings.networkFile().isEmpty()) {
            NetworkDescription network = NetworkDescription.read(Path.of(settings.networkFile()));
            directory.apply(network);
            LOG.infof("site directory loaded from %s: %d sites, %d extension ranges, %d overrides", settings.networkFile(),
                    network.sites().size(), network.ranges().size(), network.overrides().size());
        }
        if (!accounts.anyWithRole(Account.ROLE_ADMIN)) {
            createAdministrator();
        }
        AdmissionChanges.use(admission);
        // The first calls after a start (a crash, an upgrade, a failover) find their mailboxes cached.
        executor.execute(() -> {
            try {
                LOG.infof("set-up decisions cached for %d mailboxes", admission.warmUp());
            } catch (RuntimeException e) {
                LOG.warnf(e, "set-up decisions not cached at start (each mailbox is read at its first call)");
            }
            warmCiphers();
        });
        LOG.infof("Homebound site %s (%s) ready; voicemail pilot %s", settings.siteId(), settings.siteName(), settings.pilotNumber());
    }

    /** A peer's backlog right after a start is decrypted by compiled code (CipherWarmUp). */
    private static void warmCiphers() {
        long started = System.nanoTime();
        try {
            CipherWarmUp.Result r = CipherWarmUp.run(CIPHER_WARM_UP_BYTES, CIPHER_FAST_MIB_PER_SECOND);
            LOG.infof("TLS cipher (AES-GCM) warmed up: %d MiB in %d ms, last at %.0f MiB/s%s", r.bytes() >> 20,
                    (System.nanoTime() - started) / 1_000_000, r.lastRoundMiBPerSecond(), r.fast() ? "" : " (not yet compiled; it warms with use)");
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warnf(e, "TLS cipher not warmed up at start (it warms with use)");
        }
    }

    private void createAdministrator() {
        String fromEnvironment = System.getenv("HOMEBOUND_ADMIN_PASSWORD");
        boolean generated = fromEnvironment == null || fromEnvironment.isBlank();
        String password = generated ? PasswordDigests.randomPassword() : fromEnvironment;
        accounts.add(new Account(ADMIN, Account.ROLE_ADMIN, PasswordDigests.digest(password.toCharArray())));
        if (!generated) {
            LOG.infof("administrator '%s' created with the password from HOMEBOUND_ADMIN_PASSWORD", ADMIN);
            return;
        }
        Path file = Path.of(System.getProperty("jboss.server.data.dir", "."), "homebound", "initial-admin-password");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardOpenOption.TRUNCATE_EXISTING);
            LOG.warnf("administrator '%s' created with a generated password, written to %s (readable by this user only)", ADMIN, file);
        } catch (IOException e) {
            throw new IllegalStateException("could not write the generated administrator password to " + file, e);
        }
    }
}
