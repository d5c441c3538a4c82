package org.homebound.voicemail.application;

import org.jboss.msc.Service;
import org.jboss.msc.service.ServiceActivator;
import org.jboss.msc.service.ServiceActivatorContext;
import org.jboss.msc.service.ServiceName;
import org.jboss.msc.service.StartContext;
import org.jboss.msc.service.StopContext;
import org.wildfly.clustering.singleton.service.SingletonServiceActivator;
import org.wildfly.clustering.singleton.service.SingletonServiceActivatorContext;

/**
 * Puts {@link SiteRole} under WildFly's singleton service on a clustered site: an MSC service that
 * runs on exactly one node of the cluster at a time (the singleton subsystem's default policy),
 * whose start and stop are the role's. A site of one server has no singleton subsystem
 * (standalone-full) and needs none: there the role is simply held, and nothing is installed.
 * Found by WildFly through META-INF/services/org.jboss.msc.service.ServiceActivator.
 */
public class SiteRoleActivator implements ServiceActivator {

    static final ServiceName NAME = ServiceName.of("org", "homebound", "site-role");

    @Override
    public void activate(ServiceActivatorContext context) {
        if (SiteRole.clustered()) {
            new Elected().activate(context);
        }
    }

    /** The singleton service of a clustered site. */
    private static final class Elected implements SingletonServiceActivator {
        @Override
        public void activate(SingletonServiceActivatorContext context) {
            context.getServiceTarget().addService(NAME).setInstance(new Service() {
                @Override
                public void start(StartContext start) {
                    SiteRole.elected(true);
                }

                @Override
                public void stop(StopContext stop) {
                    SiteRole.elected(false);
                }
            }).install();
        }
    }
}
