/** JMS consumers: mailbox changes that drive message-waiting lamps. */
package org.homebound.voicemail.interfaces.messaging;
