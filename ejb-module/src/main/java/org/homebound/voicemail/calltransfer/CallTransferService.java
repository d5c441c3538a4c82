package org.homebound.voicemail.calltransfer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.homebound.voicemail.configuration.SiteDirectory;

/** Determines a call's voicemail extension's home site, and whether that site is remote (claims 8, 9). */
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

    public Destination destinationOf(String extension) {
        String home = directory.homeSiteOf(extension);
        return new Destination(extension, home, !directory.isLocal(home));
    }
}
