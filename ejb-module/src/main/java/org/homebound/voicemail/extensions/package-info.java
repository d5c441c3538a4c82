/** Extension library (claim 14): number normalization and the dial plan every module shares. */
package org.homebound.voicemail.extensions;
