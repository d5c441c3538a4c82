package org.homebound.voicemail.operations.health;

import java.sql.Connection;
import java.util.Map;
import java.util.function.Supplier;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.homebound.telephony.api.LinkStatus;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;

/**
 * Whether this site can take calls and keep messages now (/health/ready): its database answers,
 * its broker takes a connection, its SIP trunk listens and, where configured, its CTI link has a
 * session. Peers are reported, but a peer that is DOWN never makes this site unready: that is
 * exactly when it must take calls and hold messages.
 */
@ApplicationScoped
public class SiteReadiness {

    /** The JNDI names this check reaches things by (it lives in lib/, outside the EJB jar). */
    static final String DATABASE = "java:jboss/datasources/HomeboundDS";
    static final String BROKER = "java:/ConnectionFactory";
    static final String PEERS = "java:global/homebound/homebound-ejb/PeerReport!java.util.function.Supplier";

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("database");
            try (Connection c = this.<DataSource>lookup(DATABASE).getConnection()) {
                return r.status(c.isValid(2)).withData("product", c.getMetaData().getDatabaseProductName()).build();
            } catch (Exception e) {
                return r.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck broker() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("broker");
            try (JMSContext context = this.<ConnectionFactory>lookup(BROKER).createContext()) {
                context.createProducer(); // a session on the embedded Artemis: it is up and takes clients
                return r.up().build();
            } catch (Exception e) {
                return r.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck telephony() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("telephony");
            try (SwitchConnection sw = this.<SwitchConnectionFactory>lookup(SwitchConnectionFactory.JNDI_NAME).getConnection()) {
                boolean up = true;
                for (LinkStatus link : sw.links()) {
                    r.withData(link.name(), (link.up() ? "UP " : "DOWN ") + link.detail());
                    up &= link.up();
                }
                return r.status(up).withData("calls", sw.activeCalls()).build();
            } catch (Exception e) {
                return r.down().withData("error", String.valueOf(e.getMessage())).build();
            }
        };
    }

    @Produces
    @Readiness
    HealthCheck peers() {
        return () -> {
            HealthCheckResponseBuilder r = HealthCheckResponse.named("peers").up();
            try {
                this.<Supplier<Map<String, String>>>lookup(PEERS).get().forEach(r::withData);
            } catch (Exception e) {
                r.withData("error", String.valueOf(e.getMessage())); // still UP: peers never make this site unready
            }
            return r.build();
        };
    }

    @SuppressWarnings("unchecked")
    private <T> T lookup(String name) throws NamingException {
        InitialContext context = new InitialContext();
        try {
            return (T) context.lookup(name);
        } finally {
            context.close();
        }
    }
}
