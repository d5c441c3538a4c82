/** Multi-site tests: several real WildFly servers coupled by Artemis core bridges, started, killed and restarted. */
package org.homebound.it.network;
