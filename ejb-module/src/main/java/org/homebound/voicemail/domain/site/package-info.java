/** The sites of the network, this one included. */
package org.homebound.voicemail.domain.site;
