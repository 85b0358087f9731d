package de.kommunalpakt.forum.shared;

import java.util.List;

/**
 * A refusal the user can understand. Carries a message code (resolved to German text by
 * the web layer from its message bundle) and the arguments for it, never a literal text.
 */
public abstract sealed class ForumException extends RuntimeException permits ForumException.NotFound,
		ForumException.Conflict, ForumException.Invalid, ForumException.Forbidden, ForumException.Throttled {

	private final String code;

	private final transient List<Object> args;

	protected ForumException(String code, Object... args) {
		super(code + (args.length > 0 ? " " + List.of(args) : ""));
		this.code = code;
		this.args = List.of(args);
	}

	public String code() {
		return this.code;
	}

	public Object[] args() {
		return this.args.toArray();
	}

	/** Something that does not exist, or that the actor may not know exists. */
	public static final class NotFound extends ForumException {

		public NotFound(String code, Object... args) {
			super(code, args);
		}

	}

	/** A move the current state does not allow (a reply to a closed thread). */
	public static final class Conflict extends ForumException {

		public Conflict(String code, Object... args) {
			super(code, args);
		}

	}

	/** Input that breaks a rule (empty title, too long post). */
	public static final class Invalid extends ForumException {

		private final String field;

		public Invalid(String field, String code, Object... args) {
			super(code, args);
			this.field = field;
		}

		public String field() {
			return this.field;
		}

	}

	/** The actor is known but lacks the right. */
	public static final class Forbidden extends ForumException {

		public Forbidden(String code, Object... args) {
			super(code, args);
		}

	}

	/** Too many attempts in a short time; worth trying again after some seconds. */
	public static final class Throttled extends ForumException {

		private final long retryAfterSeconds;

		public Throttled(String code, long retryAfterSeconds) {
			super(code, retryAfterSeconds);
			this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
		}

		public long retryAfterSeconds() {
			return this.retryAfterSeconds;
		}

	}

}
