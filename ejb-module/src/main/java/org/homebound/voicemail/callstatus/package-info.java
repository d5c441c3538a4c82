/** Call status module (claim 8): does an offered call go to voicemail, or is it handled normally (claim 2)? */
package org.homebound.voicemail.callstatus;
