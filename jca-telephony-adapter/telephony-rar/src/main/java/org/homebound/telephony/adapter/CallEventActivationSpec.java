package org.homebound.telephony.adapter;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import org.homebound.telephony.api.CallEventListener;

/** Activation of a message-driven bean that listens for call events. */
@Activation(messageListeners = CallEventListener.class)
public class CallEventActivationSpec implements ActivationSpec {

    private ResourceAdapter resourceAdapter;

    @ConfigProperty(defaultValue = "any", description = "Deliver events of this driver only (sip, csta) or of any driver")
    private String driver = "any";

    public String getDriver() {
        return driver;
    }

    public void setDriver(String driver) {
        this.driver = driver;
    }

    boolean accepts(String driverName) {
        return "any".equals(driver) || driver.equalsIgnoreCase(driverName);
    }

    @Override
    public void validate() throws InvalidPropertyException {
        if (driver == null || !(driver.equals("any") || driver.equals("sip") || driver.equals("csta"))) {
            throw new InvalidPropertyException("driver must be any, sip or csta, not " + driver);
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }
}
