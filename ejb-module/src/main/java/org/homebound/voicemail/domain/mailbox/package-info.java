/** Mailboxes: a subscriber's box at one extension, with its limits. */
package org.homebound.voicemail.domain.mailbox;
