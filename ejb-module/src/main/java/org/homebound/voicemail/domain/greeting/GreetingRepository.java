package org.homebound.voicemail.domain.greeting;

import java.util.List;
import java.util.Optional;

public interface GreetingRepository {

    Optional<Greeting> find(String extension);

    void add(Greeting greeting);

    void remove(Greeting greeting);

    /** The extensions whose greetings this site owns (its mailboxes'), for sending them to a peer. */
    List<String> ownedBy(String siteId);
}
