package org.homebound.telephony.api;

import java.io.Serializable;
import jakarta.resource.Referenceable;

/** Connection factory of the telephony adapter, bound in JNDI by the server configuration. */
public interface SwitchConnectionFactory extends Serializable, Referenceable {

    String JNDI_NAME = "java:/homebound/SwitchConnectionFactory";

    SwitchConnection getConnection();
}
