/** Credentials: password and PIN digests, and the first administrator account. */
package org.homebound.voicemail.security;
