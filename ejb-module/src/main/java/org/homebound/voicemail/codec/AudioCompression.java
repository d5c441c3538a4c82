package org.homebound.voicemail.codec;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import org.homebound.voicemail.domain.message.VoiceMessageRepository;

/** The compressor's reads and writes, each in a transaction of its own; the encoding happens between them, outside any. */
@Stateless
public class AudioCompression {

    @Inject
    VoiceMessageRepository messages;

    public List<UUID> pending(int limit) {
        return messages.uncompressedInMailboxes(limit);
    }

    /** The message's audio if it is still here and not yet compressed. */
    public Optional<AudioCodec.StoredAudio> uncompressed(UUID id) {
        return messages.find(id).flatMap(m -> messages.audioOf(id)
                .map(a -> new AudioCodec.StoredAudio(a.formatOr(m.getAudioFormat()), a.getData(), m.getDurationMillis())))
                .filter(a -> !a.format().compressed());
    }

    public boolean replace(UUID id, AudioCodec.StoredAudio compressed) {
        return messages.replaceUncompressed(id, compressed.format(), compressed.data());
    }
}
