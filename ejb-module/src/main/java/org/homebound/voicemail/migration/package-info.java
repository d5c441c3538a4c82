/**
 * Voice mail migration module (claims 1, 3–5, 7, 13, 15): routes a recorded message to its home
 * site or holds it, watches peer availability, forwards held messages, receives messages and
 * receipts from peers.
 */
package org.homebound.voicemail.migration;
