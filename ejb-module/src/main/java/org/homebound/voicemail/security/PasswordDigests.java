package org.homebound.voicemail.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.homebound.voicemail.domain.account.Account.PasswordDigest;

/**
 * Salted, iterated digests of passwords and PINs in the form Elytron's SCRAM-SHA-256 key mapper
 * verifies: SaltedPassword = Hi(password, salt, i), which is PBKDF2-HMAC-SHA-256 (RFC 5802 §2.2).
 */
public final class PasswordDigests {

    public static final int ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordDigests() {
    }

    public static PasswordDigest digest(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return digest(password, salt, ITERATIONS);
    }

    static PasswordDigest digest(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            spec.clearPassword();
            Base64.Encoder b64 = Base64.getEncoder();
            return new PasswordDigest(b64.encodeToString(hash), b64.encodeToString(salt), iterations);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    /** Whether a password or PIN matches its stored digest (compared in constant time). */
    public static boolean matches(char[] password, PasswordDigest stored) {
        byte[] salt = Base64.getDecoder().decode(stored.salt());
        PasswordDigest candidate = digest(password, salt, stored.iterations());
        return MessageDigest.isEqual(Base64.getDecoder().decode(candidate.digest()), Base64.getDecoder().decode(stored.digest()));
    }

    /** A password of 20 characters from an alphabet without look-alikes. */
    public static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
