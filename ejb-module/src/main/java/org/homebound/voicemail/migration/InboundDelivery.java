package org.homebound.voicemail.migration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.voicemail.application.Greetings;
import org.homebound.voicemail.application.MailboxChanges;
import org.homebound.voicemail.application.NewMessages;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.configuration.DirectorySnapshot;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.jboss.logging.Logger;

/**
 * What arrives from peer sites, in the transaction of the JMS delivery. As home site (claim 7):
 * store a message once by its id, light the lamp, queue its email, send a receipt. As recording site: take the
 * receipt and mark the message DELIVERED, or UNDELIVERABLE with the home site's reason. Greeting
 * changes go to {@link Greetings}, which believes them only from the mailbox's home site.
 * Anything claiming to come from a site not in the directory, or from a site other than the one
 * whose door it came through, or contradicting what this site knows, is logged and dropped.
 */
@Stateless
public class InboundDelivery {

    private static final Logger LOG = Logger.getLogger(InboundDelivery.class);

    @Inject
    SiteDirectory directory;
    @Inject
    MailboxRepository mailboxes;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    NewMessages newMessages;
    @Inject
    SiteLink link;
    @Inject
    AudioCodec codec;
    @Inject
    Greetings greetings;
    @Inject
    MailboxChanges changes;

    /**
     * @param sentBy the peer whose door (SiteLink.doorAddress) the broker says the message came
     *               through; only that peer's login may send there. Null if it came another way.
     */
    public void accept(SiteEnvelope envelope, byte[] audio, String sentBy) {
        if (!believed(envelope.kind() + " " + envelope.messageId(), envelope.fromSite(), envelope.toSite(), sentBy)) {
            return;
        }
        switch (envelope.kind()) {
            case VOICE_MESSAGE -> store(envelope, audio, messages.find(envelope.messageId()).orElse(null), mailboxes::findByExtension)
                    .ifPresent(link::sendReceipt);
            case RECEIPT -> confirm(envelope, messages.find(envelope.messageId()).orElse(null));
            case GREETING, GREETING_REMOVED -> greetings.fromPeer(envelope, audio);
        }
    }

    /**
     * A batch, in one transaction: as home site, every message stored (or found already stored),
     * one lamp event for the mailboxes it changed and one receipt for them all; as recording site,
     * every receipt taken.
     */
    public void accept(SiteBatch batch, String sentBy) {
        if (!believed(batch + " (" + batch.items().get(0).envelope().messageId() + ", ...)", batch.fromSite(), batch.toSite(), sentBy)) {
            return;
        }
        // Every message and mailbox looked up before anything changes: a query after the first change would
        // flush (and dirty-check) everything changed so far, each time.
        Map<UUID, VoiceMessage> known = messages.findAll(batch.items().stream().map(i -> i.envelope().messageId()).toList());
        if (batch.itemKind() == SiteEnvelope.Kind.RECEIPT) {
            batch.items().forEach(item -> confirm(item.envelope(), known.get(item.envelope().messageId())));
            return;
        }
        Map<String, Mailbox> byExtension = mailboxes.findByExtensions(batch.items().stream().map(i -> i.envelope().extension()).toList());
        List<SiteEnvelope> receipts = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        changes.together(() -> {
            for (SiteBatch.Item item : batch.items()) {
                SiteEnvelope e = item.envelope();
                // An id twice in one batch: the second finds the first in the persistence context, no query.
                VoiceMessage existing = seen.add(e.messageId()) ? known.get(e.messageId()) : messages.find(e.messageId()).orElse(null);
                store(e, item.audio(), existing, extension -> Optional.ofNullable(byExtension.get(extension))).ifPresent(receipts::add);
            }
        });
        link.sendReceipts(receipts);
    }

    /** Whether an envelope (or batch) comes from a peer, through that peer's own door, to this site. */
    private boolean believed(String what, String fromSite, String toSite, String sentBy) {
        DirectorySnapshot dir = directory.snapshot();
        if (!dir.isPeer(fromSite)) {
            LOG.warnf("REJECTED %s sent by %s: it claims to come from site '%s', which is not a peer of site %s", what, sender(sentBy), fromSite,
                    dir.localSiteId());
            return false;
        }
        if (!fromSite.equals(sentBy)) {
            LOG.warnf("REJECTED %s: it claims to come from site %s, but was sent by %s", what, fromSite, sender(sentBy));
            return false;
        }
        if (!directory.isLocal(toSite)) {
            LOG.warnf("REJECTED %s from site %s: it is addressed to site '%s', this is site %s", what, fromSite, toSite, dir.localSiteId());
            return false;
        }
        return true;
    }

    private static String sender(String sentBy) {
        return sentBy == null ? "no peer (it did not come through a peer's door)" : "site " + sentBy;
    }

    /**
     * Stores a message sent here as its home site; returns the receipt to send, if one is due.
     *
     * @param existing the message with that id this site has already, or null
     */
    private Optional<SiteEnvelope> store(SiteEnvelope e, byte[] audio, VoiceMessage existing,
            Function<String, Optional<Mailbox>> mailboxOf) {
        if (existing != null) {
            if (!e.fromSite().equals(existing.getRecordingSite())) {
                LOG.warnf("REJECTED message %s from site %s: this site already has it, recorded at %s", e.messageId(), e.fromSite(),
                        existing.getRecordingSite());
                return Optional.empty();
            }
            // A copy (re-send after a lost receipt, or a redelivery): keep the one we have, confirm again.
            LOG.infof("message %s for %s from site %s: already stored, receipt sent again", e.messageId(), e.extension(), e.fromSite());
            return Optional.of(SiteEnvelope.receipt(e.messageId(), directory.localSiteId(), e.fromSite(), SiteEnvelope.Outcome.DELIVERED, "already stored"));
        }
        if (e.audioFormat().compressed()) {
            try {
                codec.checkCompressed(audio, e.durationMillis());
            } catch (IllegalArgumentException bad) {
                LOG.warnf("REJECTED message %s from site %s: its audio is not what it claims: %s", e.messageId(), e.fromSite(), bad.getMessage());
                return Optional.empty();
            }
        }
        Mailbox mailbox = mailboxOf.apply(e.extension()).orElse(null);
        if (mailbox == null) {
            String why = "site " + directory.localSiteId() + " has no mailbox " + e.extension();
            LOG.warnf("message %s from site %s undeliverable: %s", e.messageId(), e.fromSite(), why);
            return Optional.of(SiteEnvelope.receipt(e.messageId(), directory.localSiteId(), e.fromSite(), SiteEnvelope.Outcome.UNDELIVERABLE, why));
        }
        VoiceMessage message = new VoiceMessage(e.messageId(), mailbox, e.extension(), directory.localSiteId(), e.callerNumber(),
                e.receivedAt(), e.durationMillis(), e.audioFormat(), audio.length, MessageState.STORED, e.fromSite(), e.reason());
        messages.add(message, new MessageAudio(e.messageId(), e.audioFormat(), audio));
        messages.recordEvent(message, "received from recording site " + e.fromSite() + ", stored in mailbox " + e.extension());
        newMessages.stored(message);
        LOG.infof("message %s for %s from site %s stored at home site %s, %d ms", e.messageId(), e.extension(), e.fromSite(),
                directory.localSiteId(), e.durationMillis());
        return Optional.of(SiteEnvelope.receipt(e.messageId(), directory.localSiteId(), e.fromSite(), SiteEnvelope.Outcome.DELIVERED, null));
    }

    /** @param message the message the receipt names, as this site has it, or null */
    private void confirm(SiteEnvelope receipt, VoiceMessage message) {
        if (message == null) {
            LOG.warnf("REJECTED receipt from site %s for message %s: this site has no such message", receipt.fromSite(), receipt.messageId());
            return;
        }
        if (!receipt.fromSite().equals(message.getHomeSite())) {
            LOG.warnf("REJECTED receipt from site %s for message %s: its home is site %s", receipt.fromSite(), receipt.messageId(),
                    message.getHomeSite());
            return;
        }
        MessageState outcome = receipt.outcome() == SiteEnvelope.Outcome.DELIVERED ? MessageState.DELIVERED : MessageState.UNDELIVERABLE;
        if (message.getState() == outcome) {
            LOG.debugf("message %s: repeated %s receipt from %s", message.getId(), outcome, receipt.fromSite());
            return;
        }
        if (!message.getState().canBecome(outcome)) {
            LOG.warnf("REJECTED %s receipt from site %s for message %s, which is %s here", outcome, receipt.fromSite(), message.getId(),
                    message.getState());
            return;
        }
        message.moveTo(outcome, receipt.detail());
        messages.recordEvent(message, outcome == MessageState.DELIVERED ? "home site " + receipt.fromSite() + " confirmed it"
                : "home site " + receipt.fromSite() + " refused it: " + receipt.detail());
        if (outcome == MessageState.DELIVERED) {
            LOG.infof("message %s for %s delivered to home site %s", message.getId(), message.getExtension(), receipt.fromSite());
        } else {
            LOG.warnf("message %s for %s UNDELIVERABLE at site %s: %s (kept here, listed as undeliverable)", message.getId(),
                    message.getExtension(), receipt.fromSite(), receipt.detail());
        }
    }
}
