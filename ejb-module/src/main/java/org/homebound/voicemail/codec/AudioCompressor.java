package org.homebound.voicemail.codec;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Compresses the audio of messages stored here as recorded (claim 11), oldest first, one message
 * at a time on one thread: at most one core of encoding (~0.45 s per minute of audio), and none
 * taken from the call that just ended. A message is playable throughout; whoever reads its audio
 * gets the bytes and their format together.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AudioCompressor {

    private static final Logger LOG = Logger.getLogger(AudioCompressor.class);
    private static final int BATCH = 20;

    @Inject
    AudioCompression compression;
    @Inject
    AudioCodec codec;

    private final AtomicBoolean running = new AtomicBoolean();

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void sweep() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            compressAll();
        } catch (RuntimeException e) {
            LOG.warnf(e, "compressing stored audio failed; retried at the next sweep");
        } finally {
            running.set(false);
        }
    }

    private void compressAll() {
        long started = System.nanoTime();
        int count = 0;
        long millis = 0;
        long before = 0;
        long after = 0;
        List<UUID> ids;
        while (!(ids = compression.pending(BATCH)).isEmpty()) {
            int done = 0;
            for (UUID id : ids) {
                Optional<AudioCodec.StoredAudio> audio = compression.uncompressed(id);
                if (audio.isEmpty()) {
                    continue;
                }
                AudioCodec.StoredAudio compressed = codec.compressed(audio.get());
                if (compression.replace(id, compressed)) {
                    done++;
                    millis += compressed.durationMillis();
                    before += audio.get().data().length;
                    after += compressed.data().length;
                }
            }
            count += done;
            if (done == 0) {
                break; // what is left went away or changed meanwhile; the next sweep looks again
            }
        }
        if (count > 0) {
            LOG.infof("compressed %d messages (%.1f min of audio) from %d to %d bytes in %.1f s", count, millis / 60_000.0, before, after,
                    (System.nanoTime() - started) / 1e9);
        }
    }
}
