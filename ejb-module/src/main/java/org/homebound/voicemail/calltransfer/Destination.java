package org.homebound.voicemail.calltransfer;

/**
 * Where a voicemail for a call goes.
 *
 * @param extension the call's voicemail extension
 * @param homeSite  the site the extension resides on
 * @param remote    whether that site is another site (claim 9)
 */
public record Destination(String extension, String homeSite, boolean remote) {
}
