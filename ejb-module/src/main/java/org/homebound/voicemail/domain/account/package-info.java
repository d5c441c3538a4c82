/** Login accounts of administrators and subscribers (the Elytron realm reads them). */
package org.homebound.voicemail.domain.account;
