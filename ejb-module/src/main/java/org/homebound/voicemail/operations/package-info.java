/**
 * What an operator watches: health checks (MicroProfile Health: ready, live) and Homebound's own
 * metrics (Micrometer, in Prometheus format beside WildFly's), both on the management interface.
 */
package org.homebound.voicemail.operations;
