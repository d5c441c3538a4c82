/**
 * What an operator watches: Homebound's own metrics (Micrometer, in Prometheus format beside
 * WildFly's, on the management interface) and the readings they take from the database. The health
 * checks are in .health, packaged apart (see there).
 */
package org.homebound.voicemail.operations;
