/** Storage interface module (claim 10): JPA repositories for mailboxes, messages, accounts and sites. */
package org.homebound.voicemail.storage;
