/** Email notices of new messages: the durable outbox of jobs committed with the messages they announce. */
package org.homebound.voicemail.domain.email;
