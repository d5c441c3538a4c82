package org.homebound.voicemail.application;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Runs AES-GCM - the cipher of every TLS connection to this site: peers' bridges, probes, browsers -
 * at start until the JIT has compiled it, so that a backlog arriving from a peer right after a start
 * is not decrypted by the cold code. Measured on this machine kind (Java 17): the first ~20 MiB go
 * through the JDK's Java GHASH at 17-27 MiB/s; once C2 has compiled it with the CPU's carry-less
 * multiply and AES instructions, 260-900 MiB/s. A site that had just come back drained a peer's
 * held messages 20 % slower over TLS than over plain HTTP, with the cold GHASH a quarter of its
 * samples (docs/BENCHMARKS.md). Stops when a round runs fast, or at its byte limit. It works with the
 * crypto provider's compile threshold lowered (homebound-site's -XX:CompileCommand): without it a
 * server busy compiling its deployment was still on the cold code after 64 MiB.
 */
public final class CipherWarmUp {

    /** The size of a TLS record's payload, as the connections decrypt them. */
    static final int RECORD = 16 * 1024;
    private static final int RECORDS_PER_ROUND = 64;

    /** What a warm-up did: bytes encrypted and decrypted, and the last round's speed. */
    public record Result(long bytes, double lastRoundMiBPerSecond, boolean fast) {
    }

    private CipherWarmUp() {
    }

    /**
     * @param maxBytes            gives up after so many bytes (each encrypted and decrypted once)
     * @param fastMiBPerSecond    a round this fast means the code is compiled: stop
     */
    public static Result run(long maxBytes, double fastMiBPerSecond) throws GeneralSecurityException {
        KeyGenerator keys = KeyGenerator.getInstance("AES");
        keys.init(256);
        SecretKey key = keys.generateKey();
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher encrypt = Cipher.getInstance("AES/GCM/NoPadding");
        Cipher decrypt = Cipher.getInstance("AES/GCM/NoPadding");
        ByteBuffer plain = ByteBuffer.allocate(RECORD);
        ByteBuffer sealed = ByteBuffer.allocate(RECORD + 16);
        ByteBuffer opened = ByteBuffer.allocate(RECORD);
        long bytes = 0;
        long counter = 0;
        double speed = 0;
        while (bytes < maxBytes) {
            long started = System.nanoTime();
            for (int r = 0; r < RECORDS_PER_ROUND; r++) {
                // A fresh nonce per record, as TLS has (GCM refuses to encrypt twice under one).
                counter++;
                for (int i = 0; i < 8; i++) {
                    iv[4 + i] = (byte) (counter >>> (8 * i));
                }
                GCMParameterSpec spec = new GCMParameterSpec(128, iv);
                encrypt.init(Cipher.ENCRYPT_MODE, key, spec);
                plain.clear();
                sealed.clear();
                encrypt.doFinal(plain, sealed);
                sealed.flip();
                decrypt.init(Cipher.DECRYPT_MODE, key, spec);
                opened.clear();
                decrypt.doFinal(sealed, opened);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            bytes += (long) RECORD * RECORDS_PER_ROUND;
            speed = RECORD * RECORDS_PER_ROUND / (1024.0 * 1024.0) / Math.max(seconds, 1e-9);
            if (speed >= fastMiBPerSecond) {
                return new Result(bytes, speed, true);
            }
        }
        return new Result(bytes, speed, false);
    }
}
