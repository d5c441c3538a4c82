/** Application services used by the REST API and the telephony side. */
package org.homebound.voicemail.application;
