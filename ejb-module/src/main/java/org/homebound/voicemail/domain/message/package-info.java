/** Voice messages and their audio, with the states a message moves through. */
package org.homebound.voicemail.domain.message;
