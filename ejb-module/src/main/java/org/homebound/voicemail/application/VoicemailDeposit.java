package org.homebound.voicemail.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.telephony.api.RecordingFinished;
import org.homebound.voicemail.calltransfer.CallTransferService;
import org.homebound.voicemail.calltransfer.Destination;
import org.homebound.voicemail.codec.AudioCodec;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.mailbox.Mailbox;
import org.homebound.voicemail.domain.mailbox.MailboxRepository;
import org.homebound.voicemail.domain.message.MessageAudio;
import org.homebound.voicemail.domain.message.MessageState;
import org.homebound.voicemail.domain.message.VoiceMessage;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;
import org.homebound.voicemail.migration.MessageRouter;
import org.homebound.voicemail.operations.SiteMetrics;
import org.jboss.logging.Logger;

/**
 * Files a finished recording as a voice message. Idempotent by message id: the adapter may
 * deliver the same recording again after a failure, and it must not become two messages.
 */
@Stateless
public class VoicemailDeposit {

    private static final Logger LOG = Logger.getLogger(VoicemailDeposit.class);

    @Inject
    MailboxRepository mailboxes;
    @Inject
    VoiceMessageRepository messages;
    @Inject
    CallTransferService callTransfer;
    @Inject
    MessageRouter router;
    @Inject
    AudioCodec codec;
    @Inject
    SiteDirectory directory;
    @Inject
    HomeboundSettings settings;
    @Inject
    SiteMetrics metrics;

    public void deposit(RecordingFinished recording) {
        if (messages.exists(recording.messageId())) {
            LOG.infof("message %s for %s: already stored, repeated delivery ignored", recording.messageId(), recording.mailbox());
            return;
        }
        long millis = recording.audio().duration().toMillis();
        if (millis < settings.minimumMessageLength().toMillis()) {
            // Nothing said, or a hang-up at the tone: not a message (no lamp, nothing to forward).
            LOG.infof("call %s for %s: caller left no message (%d ms of speech, less than %d ms; %s)", recording.callId(),
                    recording.mailbox(), millis, settings.minimumMessageLength().toMillis(), recording.end());
            metrics.deposited("no_message", recording.statistics().packetsReceived(), recording.statistics().packetsLost());
            return;
        }
        Destination destination = callTransfer.destinationOf(recording.mailbox());
        Mailbox mailbox = null;
        if (!destination.remote()) {
            mailbox = mailboxes.findByExtension(recording.mailbox())
                    .orElseThrow(() -> new IllegalStateException("mailbox " + recording.mailbox() + " vanished during the call"));
        }
        AudioCodec.StoredAudio audio = codec.asRecorded(recording.audio());
        if (audio.data().length > MessageAudio.MAX_BYTES) {
            throw new IllegalStateException("message " + recording.messageId() + " is larger than storage allows");
        }
        if (destination.remote()) {
            // It travels to its home site, now or when that site is back: in the compressed form. A message
            // for a mailbox here is stored as recorded and compressed in the background (AudioCompressor).
            audio = codec.compressed(audio);
        }
        VoiceMessage message = new VoiceMessage(recording.messageId(), mailbox, destination.extension(), destination.homeSite(),
                recording.callingNumber(), recording.startedAt(), audio.durationMillis(), audio.format(), audio.data().length,
                MessageState.RECORDED, directory.localSiteId(), recording.reason().name());
        messages.recordEvent(message, "recorded at " + directory.localSiteId() + " from '" + recording.callingNumber() + "' ("
                + recording.reason() + ")");
        // Routed before it is stored, so the row is inserted once, in its final state.
        router.route(message, audio.data());
        messages.add(message, new MessageAudio(recording.messageId(), audio.format(), audio.data()));
        metrics.deposited(message.getState().name().toLowerCase(java.util.Locale.ROOT), recording.statistics().packetsReceived(),
                recording.statistics().packetsLost());
        LOG.infof("message %s for %s at %s: %s, %d ms from '%s' (%s; %d packets, %d lost)", message.getId(), message.getExtension(),
                directory.localSiteId(), message.getState(), message.getDurationMillis(), recording.callingNumber(), recording.end(),
                recording.statistics().packetsReceived(), recording.statistics().packetsLost());
    }
}
