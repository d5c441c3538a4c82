package org.homebound.voicemail.operations;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.homebound.telephony.api.LinkStatus;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.voicemail.configuration.SiteDirectory;
import org.homebound.voicemail.migration.PeerAvailability;
import org.homebound.voicemail.migration.PeerStatus;

/**
 * Whether this site can take calls and keep messages now (/health/ready on the management
 * interface): its database answers, its broker takes a connection, its SIP trunk listens and, where
 * configured, its CTI link has a session. Peers are reported, but a peer that is DOWN never makes
 * this site unready: that is exactly when it must take calls and hold messages.
 */
@ApplicationScoped
public class SiteReadiness {

    @Resource(lookup = "java:jboss/datasources/HomeboundDS")
    DataSource database;
    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory broker;
    @Resource(lookup = SwitchConnectionFactory.JNDI_NAME)
    SwitchConnectionFactory switches;
    @Inject
    SiteDirectory directory;
    @Inject
    PeerAvailability availability;

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("database");
            try (Connection c = database.getConnection()) {
                return r.status(c.isValid(2)).withData("product", c.getMetaData().getDatabaseProductName()).build();
            } catch (SQLException | RuntimeException e) {
                return r.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck broker() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("broker");
            try (JMSContext context = broker.createContext()) {
                context.createProducer(); // a session on the embedded Artemis: it is up and takes clients
                return r.up().build();
            } catch (JMSRuntimeException | IllegalStateException e) {
                return r.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck telephony() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("telephony");
            try (SwitchConnection sw = switches.getConnection()) {
                boolean up = true;
                for (LinkStatus link : sw.links()) {
                    r.withData(link.name(), (link.up() ? "UP " : "DOWN ") + link.detail());
                    up &= link.up();
                }
                return r.status(up).withData("calls", sw.activeCalls()).build();
            } catch (RuntimeException e) { // TelephonyException among them: no adapter, or it is stopping
                return r.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck peers() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("peers").up();
            for (var peer : directory.snapshot().peers()) {
                PeerStatus s = availability.status(peer.id());
                r.withData(peer.id(), s.state() + (s.detail() == null ? "" : " (" + s.detail() + ")") + (s.alarm() ? " ALARM" : ""));
            }
            return r.build();
        };
    }
}
