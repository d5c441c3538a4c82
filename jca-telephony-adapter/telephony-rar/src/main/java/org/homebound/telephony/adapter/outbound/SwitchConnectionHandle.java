package org.homebound.telephony.adapter.outbound;

import jakarta.resource.ResourceException;
import org.homebound.telephony.adapter.SwitchDriver;
import org.homebound.telephony.api.MenuStep;
import org.homebound.telephony.api.MessageWaiting;
import org.homebound.telephony.api.RecordingRequest;
import org.homebound.telephony.api.RejectCause;
import org.homebound.telephony.api.SwitchConnection;
import org.homebound.telephony.api.TelephonyException;

/** The connection handle an application holds; every command goes to the adapter's driver. */
public final class SwitchConnectionHandle implements SwitchConnection {

    private volatile SwitchManagedConnection managed;

    SwitchConnectionHandle(SwitchManagedConnection managed) {
        this.managed = managed;
    }

    void reassociate(SwitchManagedConnection mc) {
        this.managed = mc;
    }

    void invalidate() {
        this.managed = null;
    }

    private SwitchDriver driver() {
        SwitchManagedConnection mc = managed;
        if (mc == null) {
            throw new TelephonyException("switch connection is closed");
        }
        try {
            return mc.driver();
        } catch (ResourceException e) {
            throw new TelephonyException(e.getMessage(), e);
        }
    }

    @Override
    public java.util.List<org.homebound.telephony.api.LinkStatus> links() {
        return driver().links();
    }

    @Override
    public int activeCalls() {
        return driver().activeCalls();
    }

    @Override
    public org.homebound.telephony.api.SetupLatencies setupLatencies() {
        return driver().setupLatencies();
    }

    @Override
    public long refusedBusy() {
        return driver().refusedBusy();
    }

    @Override
    public void answerAndRecord(String callId, RecordingRequest request) {
        driver().answerAndRecord(callId, request);
    }

    @Override
    public void menu(String callId, MenuStep step) {
        driver().menu(callId, step);
    }

    @Override
    public void reject(String callId, RejectCause cause) {
        driver().reject(callId, cause);
    }

    @Override
    public void redirect(String callId, String target) {
        driver().redirect(callId, target);
    }

    @Override
    public void setMessageWaiting(MessageWaiting state) {
        driver().setMessageWaiting(state);
    }

    @Override
    public void acceptSubscription(String subscriptionId, MessageWaiting current) {
        driver().acceptSubscription(subscriptionId, current);
    }

    @Override
    public void rejectSubscription(String subscriptionId, RejectCause cause) {
        driver().rejectSubscription(subscriptionId, cause);
    }

    @Override
    public void close() {
        SwitchManagedConnection mc = managed;
        if (mc != null) {
            managed = null;
            mc.closed(this);
        }
    }
}
