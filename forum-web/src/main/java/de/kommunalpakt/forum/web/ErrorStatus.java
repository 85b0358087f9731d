package de.kommunalpakt.forum.web;

import org.springframework.http.HttpStatus;

import de.kommunalpakt.forum.shared.ForumException;

/** HTTP status of a refusal, the same for pages and API. */
public final class ErrorStatus {

	private ErrorStatus() {
	}

	public static HttpStatus of(ForumException ex) {
		return switch (ex) {
			case ForumException.NotFound n -> HttpStatus.NOT_FOUND;
			case ForumException.Conflict c -> HttpStatus.CONFLICT;
			case ForumException.Invalid i -> HttpStatus.BAD_REQUEST;
			case ForumException.Forbidden f -> HttpStatus.FORBIDDEN;
			case ForumException.Throttled t -> HttpStatus.TOO_MANY_REQUESTS;
		};
	}

}
