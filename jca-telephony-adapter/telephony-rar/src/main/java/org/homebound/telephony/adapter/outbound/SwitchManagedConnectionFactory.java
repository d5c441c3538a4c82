package org.homebound.telephony.adapter.outbound;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;
import javax.security.auth.Subject;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionDefinition;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import org.homebound.telephony.adapter.TelephonyResourceAdapter;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;

/** Connections to the switch. They are handles on the adapter's running driver, so they pool freely. */
@ConnectionDefinition(connectionFactory = SwitchConnectionFactory.class,
        connectionFactoryImpl = SwitchConnectionFactoryImpl.class,
        connection = SwitchConnection.class,
        connectionImpl = SwitchConnectionHandle.class)
public class SwitchManagedConnectionFactory implements ManagedConnectionFactory, ResourceAdapterAssociation {

    private static final long serialVersionUID = 1L;

    private transient TelephonyResourceAdapter resourceAdapter;
    private transient PrintWriter logWriter;

    @Override
    public Object createConnectionFactory(ConnectionManager manager) {
        return new SwitchConnectionFactoryImpl(this, manager);
    }

    @Override
    public Object createConnectionFactory() throws ResourceException {
        throw new ResourceException("the telephony adapter only runs inside the application server");
    }

    @Override
    public ManagedConnection createManagedConnection(Subject subject, ConnectionRequestInfo info) {
        return new SwitchManagedConnection(this);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public ManagedConnection matchManagedConnections(Set candidates, Subject subject, ConnectionRequestInfo info) {
        for (Object c : candidates) {
            if (c instanceof SwitchManagedConnection mc && mc.factory() == this) {
                return mc;
            }
        }
        return null;
    }

    TelephonyResourceAdapter adapter() throws ResourceException {
        if (resourceAdapter == null) {
            throw new ResourceException("connection factory is not associated with the telephony adapter");
        }
        return resourceAdapter;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        if (!(ra instanceof TelephonyResourceAdapter telephony)) {
            throw new ResourceException("not the telephony adapter: " + ra);
        }
        this.resourceAdapter = telephony;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SwitchManagedConnectionFactory other && Objects.equals(resourceAdapter, other.resourceAdapter);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(resourceAdapter);
    }
}
