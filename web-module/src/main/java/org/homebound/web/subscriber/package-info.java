/** Subscribers' REST API: a mailbox owner lists, plays, marks and deletes their messages. */
package org.homebound.web.subscriber;
