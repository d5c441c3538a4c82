/** Audio encoding/decoding module (claim 11): recorded G.711 to the storage format and back to playable audio. */
package org.homebound.voicemail.codec;
