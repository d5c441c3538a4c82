package org.homebound.voicemail.domain.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Someone who can log in to the API: an administrator, or a subscriber whose username is their
 * mailbox's extension. Elytron's JDBC realm reads this table directly (see 40-security.cli), so
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

    /** A stored password: digest and salt base64-encoded, as the realm expects. */
    public record PasswordDigest(String digest, String salt, int iterations) {
    }
}
