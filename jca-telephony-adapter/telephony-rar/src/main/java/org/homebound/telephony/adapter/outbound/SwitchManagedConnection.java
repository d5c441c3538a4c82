package org.homebound.telephony.adapter.outbound;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import org.homebound.telephony.adapter.SwitchDriver;

/** A pooled "physical" connection: nothing physical behind it but the adapter's shared driver. */
final class SwitchManagedConnection implements ManagedConnection {

    private final SwitchManagedConnectionFactory factory;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SwitchConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private PrintWriter logWriter;

    SwitchManagedConnection(SwitchManagedConnectionFactory factory) {
        this.factory = factory;
    }

    SwitchManagedConnectionFactory factory() {
        return factory;
    }

    SwitchDriver driver() throws ResourceException {
        return factory.adapter().driver();
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) {
        SwitchConnectionHandle handle = new SwitchConnectionHandle(this);
        handles.add(handle);
        return handle;
    }

    void closed(SwitchConnectionHandle handle) {
        handles.remove(handle);
        ConnectionEvent event = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener l : listeners) {
            l.connectionClosed(event);
        }
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof SwitchConnectionHandle handle)) {
            throw new ResourceException("not a switch connection: " + connection);
        }
        handle.reassociate(this);
        handles.add(handle);
    }

    @Override
    public void cleanup() {
        for (SwitchConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
    }

    @Override
    public void destroy() {
        cleanup();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public XAResource getXAResource() throws ResourceException {
        throw new NotSupportedException("switch commands are not transactional");
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("switch commands are not transactional");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Telephone switch";
            }

            @Override
            public String getEISProductVersion() {
                return "SIP 2.0";
            }

            @Override
            public int getMaxConnections() {
                return 0;
            }

            @Override
            public String getUserName() {
                return "";
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }
}
