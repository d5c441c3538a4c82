package org.homebound.voicemail.domain.mailbox;

import java.util.List;
import java.util.Optional;

public interface MailboxRepository {

    Optional<Mailbox> findByExtension(String extension);

    List<Mailbox> findAll();

    void add(Mailbox mailbox);
}
