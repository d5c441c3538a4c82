package org.homebound.voicemail.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.jboss.logging.Logger;

/**
 * Claim 5: retrieves the messages held for a site and sends them, oldest first, one batch per
 * transaction, as few JMS messages as the wire allows (SiteBatch): the home site stores a batch and
 * answers it with one receipt, each in one transaction. A re-send goes message by message. Only a
 * batch's audio is ever in memory, so a backlog of thousands does not grow the heap; each batch's
 * sends and state changes commit together. A batch's messages and audio are read in one query each
 * before any state changes: a query after the first change would flush (and dirty-check) every
 * change so far.
 */
@Stateless
public class HeldMessageForwarder {

    private static final Logger LOG = Logger.getLogger(HeldMessageForwarder.class);

    @Inject
    VoiceMessageRepository messages;
    @Inject
    SiteLink link;
    @PersistenceContext(unitName = "homebound")
    EntityManager em;

    /** Forwards the oldest held messages to the site, at most batchSize of them and batchBytes of audio; returns how many went. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int forwardBatch(String siteId, int batchSize, long batchBytes) {
        List<UUID> ids = messages.idsInState(MessageState.HELD, siteId, batchSize, batchBytes);
        Map<UUID, VoiceMessage> byId = messages.findAll(ids);
        Map<UUID, MessageAudio> audioById = messages.audioOf(ids);
        List<SiteLink.Outgoing> outgoing = new ArrayList<>();
        for (UUID id : ids) {
            VoiceMessage message = byId.get(id);
            MessageAudio audio = Optional.ofNullable(audioById.get(id))
                    .orElseThrow(() -> new IllegalStateException("held message " + id + " has no audio"));
            outgoing.add(new SiteLink.Outgoing(message, audio.formatOr(message.getAudioFormat()), audio.getData()));
            message.moveTo(MessageState.SENT, null);
            messages.recordEvent(message, "forwarded to home site " + siteId);
            LOG.debugf("message %s for %s forwarded to %s", id, message.getExtension(), siteId);
        }
        link.sendMessages(siteId, outgoing);
        em.flush();
        em.clear();
        return ids.size();
    }

    /**
     * Sends again the SENT messages whose receipt has not come since the cut-off, to the given sites
     * (those UP). Covers a send lost between a crash and recovery; the home site keeps one copy.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int resendBatch(Instant cutOff, Collection<String> sitesUp, int batchSize, long batchBytes) {
        int sent = 0;
        List<UUID> ids = messages.unconfirmedSince(cutOff, sitesUp, batchSize, batchBytes);
        Map<UUID, VoiceMessage> byId = messages.findAll(ids);
        Map<UUID, MessageAudio> audioById = messages.audioOf(ids);
        for (UUID id : ids) {
            VoiceMessage message = byId.get(id);
            MessageAudio audio = audioById.get(id);
            if (audio == null) {
                LOG.warnf("message %s for %s: no receipt from %s and no audio left to send again", id, message.getExtension(), message.getHomeSite());
                continue;
            }
            link.sendMessage(message, audio.formatOr(message.getAudioFormat()), audio.getData(), true);
            message.resent();
            messages.recordEvent(message, "no receipt since " + cutOff + ": sent again to " + message.getHomeSite());
            LOG.infof("message %s for %s: no receipt from %s, sent again", id, message.getExtension(), message.getHomeSite());
            sent++;
        }
        em.flush();
        em.clear();
        return sent;
    }

    /** Frees the audio of delivered messages kept past their retention. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int freeDelivered(Instant cutOff, int batchSize) {
        return messages.freeDeliveredAudio(cutOff, batchSize);
    }
}
