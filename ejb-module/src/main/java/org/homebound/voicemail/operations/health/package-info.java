/**
 * Health checks (MicroProfile Health: /health/ready and /health/live on the management interface).
 * Built into a jar of their own in the EAR's lib/ (homebound-health.jar), not into the EJB jar:
 * WildFly finds a deployment's health checks only in a bean archive its health extension can see,
 * which in an EAR is lib/, not the EJB jar or the WAR (checks in subdeployments are not supported,
 * WFLY-12835). From there they see only the JDK, the platform and the telephony API, so they reach
 * the rest by global JNDI names.
 */
package org.homebound.voicemail.operations.health;
