package org.homebound.voicemail.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.homebound.voicemail.domain.account.Account.PasswordDigest;
import org.junit.jupiter.api.Test;

class PasswordDigestsTest {

    @Test
    void matchesThePbkdf2HmacSha256TestVector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1 (first 32 bytes of dkLen=64)
        PasswordDigest d = PasswordDigests.digest("passwd".toCharArray(), "salt".getBytes(StandardCharsets.US_ASCII), 1);
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc",
                HexFormat.of().formatHex(Base64.getDecoder().decode(d.digest())));
    }

    @Test
    void everyDigestHasItsOwnSalt() {
        PasswordDigest a = PasswordDigests.digest("1234".toCharArray());
        PasswordDigest b = PasswordDigests.digest("1234".toCharArray());
        assertNotEquals(a.salt(), b.salt());
        assertNotEquals(a.digest(), b.digest());
        assertEquals(PasswordDigests.ITERATIONS, a.iterations());
    }

    @Test
    void generatedPasswordsAreLongAndDifferent() {
        String p = PasswordDigests.randomPassword();
        assertEquals(20, p.length());
        assertTrue(p.chars().allMatch(Character::isLetterOrDigit));
        assertNotEquals(p, PasswordDigests.randomPassword());
    }

    @Test
    void aPinMatchesItsDigestAndNothingElse() {
        PasswordDigest stored = PasswordDigests.digest("2468".toCharArray());
        assertTrue(PasswordDigests.matches("2468".toCharArray(), stored));
        assertFalse(PasswordDigests.matches("2469".toCharArray(), stored));
        assertFalse(PasswordDigests.matches("".toCharArray(), stored));
        assertFalse(PasswordDigests.matches("24680".toCharArray(), stored));
    }
}
