package org.homebound.voicemail.application;

import java.time.Instant;
import java.util.List;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.domain.account.Account;
import org.homebound.voicemail.domain.account.AccountRepository;
import org.homebound.voicemail.security.PasswordDigests;
import org.homebound.voicemail.security.PinPolicy;
import org.homebound.voicemail.security.PinRules;
import org.homebound.voicemail.security.SourceThrottle;
import org.jboss.logging.Logger;

/**
 * Every login — the web page, the REST API, the phone menu — goes through here, so one policy stops
 * PIN guessing everywhere ({@link PinPolicy} per mailbox, {@link SourceThrottle} per source). Each
 * attempt is its own transaction with the account's row locked: the count is committed whatever
 * the caller does next, and parallel guesses for one mailbox are counted one after another.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Logins {

    private static final Logger LOG = Logger.getLogger(Logins.class);
    /** Checked against when the account does not exist, so a wrong name costs as long as a wrong PIN. */
    private static final Account.PasswordDigest NOBODY = PasswordDigests.digest(PasswordDigests.randomPassword().toCharArray());

    @Inject
    AccountRepository accounts;
    @Inject
    HomeboundSettings settings;
    @Inject
    LoginSources sources;

    public enum Channel { WEB, API, PHONE }

    /**
     * One try of a username (an extension, or an administrator's name) and its PIN or password from a
     * source (an address, or "phone:" and the calling number).
     */
    public LoginResult attempt(String username, String secret, String source, Channel channel) {
        Instant now = Instant.now();
        PinPolicy policy = settings.pinPolicy();
        Instant sourceWait = sources.throttle().notBefore(source, now);
        if (sourceWait != null) {
            LOG.infof("login as '%s' from %s (%s) refused unchecked: the source must wait until %s", username, source, channel, sourceWait);
            return LoginResult.waitUntil(sourceWait);
        }
        Account account = username == null || username.isEmpty() ? null : accounts.findForUpdate(username).orElse(null);
        if (account == null) {
            PasswordDigests.matches(secret == null ? new char[0] : secret.toCharArray(), NOBODY);
            sources.throttle().failed(source, String.valueOf(username), now);
            LOG.infof("login as unknown '%s' from %s (%s) refused", username, source, channel);
            return LoginResult.refused();
        }
        boolean lockable = lockable(account);
        PinPolicy.Standing standing = standing(account, now);
        if (standing.state() == PinPolicy.State.LOCKED) {
            LOG.infof("login as %s from %s (%s) refused: locked%s", username, source, channel,
                    standing.until() == null ? " until unlocked" : " until " + standing.until());
            return LoginResult.locked(standing.until());
        }
        if (lockable && account.getFailedLogins() >= policy.lockAfter()) {
            account.clearFailedLogins(); // the lock ran out: a fresh count
            LOG.infof("mailbox %s: lock ran out", username);
        }
        if (standing.state() == PinPolicy.State.WAIT) {
            LOG.infof("login as %s from %s (%s) refused unchecked: %d wrong in a row, must wait until %s", username, source, channel,
                    account.getFailedLogins(), standing.until());
            return LoginResult.waitUntil(standing.until());
        }
        boolean right = secret != null && !secret.isEmpty() && PasswordDigests.matches(secret.toCharArray(), account.getPassword());
        if (right && account.isEnabled()) {
            if (account.getFailedLogins() > 0) {
                LOG.infof("login as %s from %s (%s) after %d wrong in a row", username, source, channel, account.getFailedLogins());
                account.clearFailedLogins();
            }
            return LoginResult.accepted(account.getUsername(), account.getRole());
        }
        if (right) {
            LOG.infof("login as %s from %s (%s) refused: disabled", username, source, channel);
            return LoginResult.refused();
        }
        boolean locks = lockable && account.getFailedLogins() + 1 >= policy.lockAfter();
        Instant lockEnds = policy.lockEnds(now);
        account.loginFailed(now, locks, lockEnds);
        sources.throttle().failed(source, username, now);
        if (locks) {
            LOG.warnf("mailbox %s LOCKED after %d wrong PINs in a row (the last from %s, %s)%s", username, account.getFailedLogins(), source,
                    channel, lockEnds == null ? " until an administrator unlocks it" : " until " + lockEnds);
            return LoginResult.locked(lockEnds);
        }
        LOG.infof("wrong PIN or password for %s from %s (%s), %d in a row", username, source, channel, account.getFailedLogins());
        return LoginResult.refused();
    }

    /** Whether a session logged in earlier may go on: the account is still there, enabled and not locked. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public boolean mayStayLoggedIn(String username) {
        return accounts.find(username).filter(Account::isEnabled).map(a -> !view(a, Instant.now()).locked()).orElse(false);
    }

    /**
     * A subscriber changes their own PIN: the current one is checked like any login (a wrong one
     * counts, and a locked mailbox stays locked), the new one must follow {@link PinRules#problemWithNew}.
     *
     * @throws VoicemailException INVALID for an unacceptable new PIN (the current one is not checked then)
     */
    public LoginResult changePin(String extension, String currentPin, String newPin, String source, Channel channel) {
        String problem = PinRules.problemWithNew(newPin, extension);
        if (problem == null && newPin.equals(currentPin)) {
            problem = "the new PIN must differ from the current one";
        }
        if (problem != null) {
            throw VoicemailException.invalid(problem);
        }
        LoginResult result = attempt(extension, currentPin, source, channel);
        if (result.accepted() && Account.ROLE_SUBSCRIBER.equals(result.role())) {
            accounts.findForUpdate(extension).orElseThrow().setPassword(PasswordDigests.digest(newPin.toCharArray()));
            LOG.infof("mailbox %s: PIN changed by its owner from %s (%s)", extension, source, channel);
        }
        return result;
    }

    /** An administrator ends a mailbox's lock and its count of wrong PINs. */
    public LockoutView unlock(String username) {
        Account account = accounts.findForUpdate(username).orElseThrow(() -> VoicemailException.notFound("no login " + username));
        LOG.infof("login %s unlocked by an administrator (%d wrong in a row, locked until %s)", username, account.getFailedLogins(),
                account.getLockedUntil());
        account.clearFailedLogins();
        return view(account, Instant.now());
    }

    /** An administrator lets a slowed source try again at once. */
    public boolean releaseSource(String source) {
        boolean known = sources.throttle().forget(source);
        LOG.infof("source %s released by an administrator%s", source, known ? "" : " (it was not slowed)");
        return known;
    }

    /** What an administrator sees: accounts with wrong PINs counted (locked ones first) and slowed sources. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Lockouts lockouts() {
        Instant now = Instant.now();
        List<LockoutView> views = accounts.withFailedLogins().stream().map(a -> view(a, now))
                .sorted((a, b) -> Boolean.compare(b.locked(), a.locked())).toList();
        return new Lockouts(views, sources.throttle().slowed(now));
    }

    /** The lock state of one account, for the mailbox view. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public LockoutView standing(String username) {
        return accounts.find(username).map(a -> view(a, Instant.now())).orElse(null);
    }

    /** Only a mailbox locks: an administrator's login is slowed but never locked (nobody could unlock it). */
    private static boolean lockable(Account a) {
        return Account.ROLE_SUBSCRIBER.equals(a.getRole());
    }

    private PinPolicy.Standing standing(Account a, Instant now) {
        PinPolicy policy = settings.pinPolicy();
        int counted = lockable(a) ? a.getFailedLogins() : Math.min(a.getFailedLogins(), policy.lockAfter() - 1);
        return policy.standing(counted, a.getLastFailedLoginAt(), a.getLockedUntil(), now);
    }

    LockoutView view(Account a, Instant now) {
        PinPolicy.Standing s = standing(a, now);
        return new LockoutView(a.getUsername(), a.getFailedLogins(), a.getLastFailedLoginAt(), s.state() == PinPolicy.State.LOCKED,
                s.state() == PinPolicy.State.OPEN ? null : s.until());
    }

    /** @param until when the lock or the wait ends (null: not locked, or locked until unlocked) */
    public record LockoutView(String username, int failedLogins, Instant lastFailedAt, boolean locked, Instant until) {
    }

    public record Lockouts(List<LockoutView> accounts, List<SourceThrottle.Slowed> sources) {
    }
}
