/** Administrators' REST API (role admin): mailboxes. */
package org.homebound.web.admin;
