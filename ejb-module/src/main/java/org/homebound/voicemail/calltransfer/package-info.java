/** Call transfer module (claims 8, 9): the call's voicemail extension, its home site, and whether that site is remote. */
package org.homebound.voicemail.calltransfer;
