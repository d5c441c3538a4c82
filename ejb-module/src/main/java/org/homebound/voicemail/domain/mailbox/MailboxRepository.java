package org.homebound.voicemail.domain.mailbox;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface MailboxRepository {

    Optional<Mailbox> findByExtension(String extension);

    /** The mailboxes of those extensions that have one, by extension, in one query. */
    Map<String, Mailbox> findByExtensions(Collection<String> extensions);

    List<Mailbox> findAll();

    void add(Mailbox mailbox);
}
