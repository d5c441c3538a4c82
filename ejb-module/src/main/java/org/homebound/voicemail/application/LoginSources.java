package org.homebound.voicemail.application;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.HomeboundSettings;
import org.homebound.voicemail.security.SourceThrottle;

/** This server's memory of sources that got PINs wrong (one per server: a restart forgets it, the mailboxes' counts stay). */
@ApplicationScoped
public class LoginSources {

    @Inject
    HomeboundSettings settings;

    private SourceThrottle throttle;

    @PostConstruct
    void create() {
        throttle = settings.newSourceThrottle();
    }

    SourceThrottle throttle() {
        return throttle;
    }
}
