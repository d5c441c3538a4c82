package org.homebound.voicemail.codec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.homebound.voicemail.application.SiteRole;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.jboss.logging.Logger;

/**
 * Compresses the audio of messages stored here as recorded (claim 11), oldest first, one message
 * at a time on one thread, none taken from the call that just ended. Encoding costs ~0.36 s of CPU
 * per minute of audio; the compressor takes at most {@code homebound.compression.cpu-percent} of
 * one core (pausing after each message), because flat out, after a burst of deposits, it starved
 * the calls being set up and the database of CPU (docs/BENCHMARKS.md). A message is playable
 * throughout; whoever reads its audio gets the bytes and their format together.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AudioCompressor {

    private static final Logger LOG = Logger.getLogger(AudioCompressor.class);
    private static final int BATCH = 20;
    /** One sweep ends by then, its pauses included (sweeps start every 5 s): an undeploy never waits long for it. */
    private static final Duration SWEEP_BUDGET = Duration.ofSeconds(4);

    @Inject
    AudioCompression compression;
    @Inject
    AudioCodec codec;
    @Inject
    HomeboundSettings settings;

    private final AtomicBoolean running = new AtomicBoolean();
    private CpuShare share;
    /** No compressing before then (System.nanoTime): a pause longer than a sweep goes on across sweeps. */
    private volatile long resumeAt = System.nanoTime();

    @PostConstruct
    void configure() {
        share = new CpuShare(settings.compressionCpuPercent());
        LOG.debugf("compressing stored audio with at most %s", share);
    }

    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void sweep() {
        if (!SiteRole.held() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            compressAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping: the next start goes on
        } catch (RuntimeException e) {
            LOG.warnf(e, "compressing stored audio failed; retried at the next sweep");
        } finally {
            running.set(false);
        }
    }

    private void compressAll() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + SWEEP_BUDGET.toNanos();
        int count = 0;
        long millis = 0;
        long before = 0;
        long after = 0;
        List<UUID> ids;
        while (System.nanoTime() - deadline < 0 && System.nanoTime() - resumeAt >= 0 && !(ids = compression.pending(BATCH)).isEmpty()) {
            int done = 0;
            for (UUID id : ids) {
                if (System.nanoTime() - deadline >= 0) {
                    break;
                }
                long begun = System.nanoTime();
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
                long now = System.nanoTime();
                long pauseUntil = now + share.pauseAfter(Duration.ofNanos(now - begun)).toNanos();
                if (pauseUntil - deadline > 0) {
                    resumeAt = pauseUntil; // the rest of the pause is the sweeps' that start before then
                    break;
                }
                Thread.sleep((pauseUntil - now) / 1_000_000);
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
