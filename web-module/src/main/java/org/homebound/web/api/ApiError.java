package org.homebound.web.api;

/** The body of every error response: the HTTP status and a sentence saying what was wrong. */
public record ApiError(int status, String error) {
}
