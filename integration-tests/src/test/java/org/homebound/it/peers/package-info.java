/** Real third-party SIP software driven by the tests: Kamailio as the PBX, baresip as callers and phones. */
package org.homebound.it.peers;
