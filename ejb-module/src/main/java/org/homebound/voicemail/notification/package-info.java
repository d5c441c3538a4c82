/**
 * Email notices of new messages: composing the mail, the durable outbox that sends it through
 * WildFly's mail session with retries, and what happens to the message once the mail server took it.
 */
package org.homebound.voicemail.notification;
