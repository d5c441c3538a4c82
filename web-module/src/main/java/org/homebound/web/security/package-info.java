/** Who is asking: the login (session or HTTP BASIC), its answers, cross-site request forgery and the pages' security headers. */
package org.homebound.web.security;
