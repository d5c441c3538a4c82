package org.homebound.voicemail.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.homebound.telephony.api.Prompt;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.configuration.CacheEviction;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.greeting.Greeting;
import org.homebound.voicemail.domain.greeting.GreetingRepository;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.migration.SiteEnvelope;
import org.homebound.voicemail.migration.SiteLink;
import org.homebound.voicemail.prompts.PromptLibrary;
import org.infinispan.Cache;
import org.jboss.logging.Logger;

/**
 * Personal greetings (claim 8's "greeting of the called party"). Set or removed at the mailbox's
 * home site, by its owner through the API or the phone menu; every change goes to every peer
 * through the store-and-forward queues, so each site plays the owner's greeting even while the
 * home site is down. What callers hear is served from an Infinispan cache of decoded audio.
 */
@Stateless
public class Greetings {

    public static final String CACHE = "java:jboss/infinispan/cache/homebound/greetings";
    private static final Logger LOG = Logger.getLogger(Greetings.class);
    /** Cached for an extension without a greeting of its own, so the database is not asked on every call. */
    private static final Prompt NONE = new Prompt("none", new short[0]);

    @Inject
    GreetingRepository greetings;
    @Inject
    MailboxRepository mailboxes;
    @Inject
    SiteDirectory directory;
    @Inject
    SiteLink link;
    @Inject
    AudioCodec codec;
    @Inject
    PromptLibrary prompts;

    @Resource(lookup = CACHE)
    Cache<String, Prompt> cache;
    @Resource
    TransactionSynchronizationRegistry transactions;

    /** A view of a greeting for the API. */
    public record GreetingView(String extension, boolean personal, long durationMillis, Instant changedAt, String homeSite) {
    }

    /** What a caller hears before the tone: the owner's greeting, or the default naming the extension. */
    public List<Prompt> beforeRecording(String extension) {
        Prompt own = CacheEviction.loadThrough(cache, extension, () -> greetings.find(extension)
                .map(g -> new Prompt("greeting-" + extension, codec.decode(g.getFormat(), g.getData()))).orElse(NONE));
        return own == NONE ? prompts.defaultGreeting(extension) : prompts.afterGreeting(own);
    }

    public GreetingView view(String extension) {
        requireHomedHere(extension);
        return greetings.find(extension).map(Greetings::view)
                .orElse(new GreetingView(extension, false, 0, null, directory.localSiteId()));
    }

    /** The personal greeting's audio, stored form. */
    public Optional<AudioCodec.StoredAudio> audio(String extension) {
        requireHomedHere(extension);
        return greetings.find(extension).map(g -> new AudioCodec.StoredAudio(g.getFormat(), g.getData(), g.getDurationMillis()));
    }

    /**
     * Sets the owner's greeting from samples at 8 kHz (from an upload, converted, or recorded by phone).
     *
     * @throws VoicemailException INVALID if too short or too long
     */
    public GreetingView set(String extension, short[] pcm) {
        requireHomedHere(extension);
        long millis = pcm.length / 8L;
        if (millis < 500) {
            throw VoicemailException.invalid("a greeting must last at least half a second (this one lasts " + millis + " ms)");
        }
        if (millis > Greeting.MAX_SECONDS * 1000L) {
            throw VoicemailException.invalid("a greeting may last at most " + Greeting.MAX_SECONDS + " s (this one lasts "
                    + millis / 1000 + " s)");
        }
        AudioCodec.StoredAudio stored = codec.compress(pcm);
        Instant now = Instant.now();
        String home = directory.localSiteId();
        Greeting g = greetings.find(extension).orElse(null);
        if (g == null) {
            g = new Greeting(extension, home, stored.format(), stored.data(), stored.durationMillis(), now);
            greetings.add(g);
        } else {
            g.replace(home, stored.format(), stored.data(), stored.durationMillis(), now);
        }
        forget(extension);
        for (String peer : peersWithRoute()) {
            link.sendGreeting(SiteEnvelope.greeting(home, peer, extension, now, stored.durationMillis(), stored.format()), stored.data());
        }
        LOG.infof("greeting of %s set (%d ms, %d bytes), sent to %d peer site(s)", extension, millis, stored.data().length,
                peersWithRoute().size());
        return view(g);
    }

    /** Back to the default greeting. */
    public void remove(String extension) {
        requireHomedHere(extension);
        Greeting g = greetings.find(extension).orElseThrow(() -> VoicemailException.notFound("mailbox " + extension
                + " has no personal greeting"));
        greetings.remove(g);
        forget(extension);
        Instant now = Instant.now();
        for (String peer : peersWithRoute()) {
            link.sendGreeting(SiteEnvelope.greetingRemoved(directory.localSiteId(), peer, extension, now), null);
        }
        LOG.infof("greeting of %s removed: callers hear the default", extension);
    }

    /**
     * A greeting change from a peer. Believed only from the site that is the extension's home in
     * this site's directory, and only if newer than the copy here.
     */
    public void fromPeer(SiteEnvelope e, byte[] audio) {
        String home = directory.homeSiteOf(e.extension());
        if (!e.fromSite().equals(home)) {
            LOG.warnf("REJECTED %s for %s from site %s: the home of %s is site %s", e.kind(), e.extension(), e.fromSite(),
                    e.extension(), home);
            return;
        }
        Greeting copy = greetings.find(e.extension()).orElse(null);
        if (copy != null && !copy.getChangedAt().isBefore(e.receivedAt())) {
            LOG.debugf("%s for %s from site %s as of %s: the copy here is as new (%s)", e.kind(), e.extension(), e.fromSite(),
                    e.receivedAt(), copy.getChangedAt());
            return;
        }
        if (e.kind() == SiteEnvelope.Kind.GREETING_REMOVED) {
            if (copy != null) {
                greetings.remove(copy);
            }
        } else {
            try {
                codec.checkCompressed(audio, e.durationMillis());
            } catch (IllegalArgumentException bad) {
                LOG.warnf("REJECTED greeting for %s from site %s: its audio is not what it claims: %s", e.extension(), e.fromSite(),
                        bad.getMessage());
                return;
            }
            if (copy == null) {
                greetings.add(new Greeting(e.extension(), e.fromSite(), e.audioFormat(), audio, e.durationMillis(), e.receivedAt()));
            } else {
                copy.replace(e.fromSite(), e.audioFormat(), audio, e.durationMillis(), e.receivedAt());
            }
        }
        forget(e.extension());
        String done = String.format("greeting of %s %s from its home site %s", e.extension(),
                e.kind() == SiteEnvelope.Kind.GREETING_REMOVED ? "removed" : "copied", e.fromSite());
        transactions.registerInterposedSynchronization(new Synchronization() { // logged once callers hear it
            @Override
            public void beforeCompletion() {
                // nothing before
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    LOG.info(done);
                }
            }
        });
    }

    private List<String> peersWithRoute() {
        return directory.snapshot().peers().stream().map(p -> p.id()).filter(link::hasRouteTo).toList();
    }

    /** Drops the cached audio now and once this transaction has ended, so no call plays what is being replaced. */
    private void forget(String extension) {
        CacheEviction.nowAndAfter(transactions, cache, extension);
    }

    private void requireHomedHere(String extension) {
        if (mailboxes.findByExtension(extension).isEmpty()) {
            throw VoicemailException.notFound("no mailbox " + extension + " at this site");
        }
    }

    private static GreetingView view(Greeting g) {
        return new GreetingView(g.getExtension(), true, g.getDurationMillis(), g.getChangedAt(), g.getHomeSite());
    }
}
