package org.homebound.telephony.adapter.outbound;

import javax.naming.Reference;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.SwitchConnectionFactory;
import org.homebound.telephony.api.TelephonyException;

/** The object applications look up in JNDI. */
public class SwitchConnectionFactoryImpl implements SwitchConnectionFactory {

    private static final long serialVersionUID = 1L;

    private final transient SwitchManagedConnectionFactory managedFactory;
    private final transient ConnectionManager manager;
    private Reference reference;

    SwitchConnectionFactoryImpl(SwitchManagedConnectionFactory managedFactory, ConnectionManager manager) {
        this.managedFactory = managedFactory;
        this.manager = manager;
    }

    @Override
    public SwitchConnection getConnection() {
        try {
            return (SwitchConnection) manager.allocateConnection(managedFactory, null);
        } catch (ResourceException e) {
            throw new TelephonyException("no connection to the switch: " + e.getMessage(), e);
        }
    }

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
