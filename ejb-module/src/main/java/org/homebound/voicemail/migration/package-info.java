/** Voice mail migration module (claims 1, 3, 4, 8): where a recorded message goes and in which state. */
package org.homebound.voicemail.migration;
