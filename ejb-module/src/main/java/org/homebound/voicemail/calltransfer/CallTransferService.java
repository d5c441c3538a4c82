package org.homebound.voicemail.calltransfer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.domain.mailbox.Mailbox;

/** Determines a call's voicemail extension and its home site, and whether that site is remote (claims 8, 9). */
@ApplicationScoped
public class CallTransferService {

    private SiteDirectory directory;

    protected CallTransferService() {
        // for the CDI proxy
    }

    @Inject
    public CallTransferService(SiteDirectory directory) {
        this.directory = directory;
    }

    public Destination destinationOf(Mailbox mailbox) {
        String home = directory.homeSiteOf(mailbox);
        return new Destination(mailbox.getExtension(), home, !directory.isLocal(home));
    }
}
