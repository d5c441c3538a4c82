package org.homebound.voicemail.domain.account;

import java.time.Instant;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Someone who can log in (web page, API, phone menu): an administrator, or a subscriber whose
 * username is their mailbox's extension, with the wrong PINs counted against it (application.Logins
 * checks every login). The security domain's JDBC realm also names this table (40-security.cli), so
 * the column names are part of the server configuration.
 */
@Entity
@Table(name = "account")
public class Account {

    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_SUBSCRIBER = "subscriber";

    @Id
    @Column(name = "username", nullable = false, length = 64)
    private String username;

    /** SCRAM-SHA-256 salted password (PBKDF2-HMAC-SHA-256), base64. */
    @Column(name = "password_digest", nullable = false, length = 64)
    private String passwordDigest;

    @Column(name = "password_salt", nullable = false, length = 32)
    private String passwordSalt;

    @Column(name = "password_iterations", nullable = false)
    private int passwordIterations;

    @Column(name = "role", nullable = false, length = 16)
    private String role;

    @Column(name = "enabled", nullable = false)
    private boolean enabled = true;

    /** Wrong PINs or passwords in a row (see PinPolicy); reset by the right one or an administrator. */
    @Column(name = "failed_logins", nullable = false, columnDefinition = "integer default 0 not null")
    private int failedLogins;

    @Column(name = "last_failed_login_at")
    private Instant lastFailedLoginAt;

    /** Set when a lock with an end begins; a locked account without one waits for an administrator. */
    @Column(name = "locked_until")
    private Instant lockedUntil;

    protected Account() {
    }

    public Account(String username, String role, PasswordDigest digest) {
        this.username = username;
        this.role = role;
        setPassword(digest);
    }

    public void setPassword(PasswordDigest digest) {
        this.passwordDigest = digest.digest();
        this.passwordSalt = digest.salt();
        this.passwordIterations = digest.iterations();
    }

    public PasswordDigest getPassword() {
        return new PasswordDigest(passwordDigest, passwordSalt, passwordIterations);
    }

    public String getUsername() {
        return username;
    }

    public String getRole() {
        return role;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getFailedLogins() {
        return failedLogins;
    }

    public Instant getLastFailedLoginAt() {
        return lastFailedLoginAt;
    }

    public Instant getLockedUntil() {
        return lockedUntil;
    }

    /** One more wrong PIN; lockedUntil is where a lock that begins with it ends (ignored when it does not lock). */
    public void loginFailed(Instant at, boolean locks, Instant lockedUntil) {
        failedLogins++;
        lastFailedLoginAt = at;
        if (locks) {
            this.lockedUntil = lockedUntil;
        }
    }

    /** The right PIN, an administrator's unlock, or a lock that ran out: a fresh start. */
    public void clearFailedLogins() {
        failedLogins = 0;
        lastFailedLoginAt = null;
        lockedUntil = null;
    }

    /** A stored password: digest and salt base64-encoded, as the realm expects. */
    public record PasswordDigest(String digest, String salt, int iterations) {
    }
}
