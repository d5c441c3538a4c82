/** System prompts and tones played to callers. */
package org.homebound.voicemail.prompts;
