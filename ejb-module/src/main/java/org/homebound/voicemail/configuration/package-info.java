/** Configuration module (claims 6, 13): this site's settings and the site directory that says where a mailbox's home is. */
package org.homebound.voicemail.configuration;
