/** Personal greetings: what a caller hears before leaving a message, owned by the mailbox's home site and copied to every site. */
package org.homebound.voicemail.domain.greeting;
