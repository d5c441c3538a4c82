/** REST API plumbing: the application, error mapping and access rules shared by the resources. */
package org.homebound.web.api;
