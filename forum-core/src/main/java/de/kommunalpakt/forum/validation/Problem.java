package de.kommunalpakt.forum.validation;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule of one input field.
 *
 * @param field name of the field (the domain's name, e.g. {@code contacts})
 * @param code message code of the German text
 * @param args arguments of the message
 */
public record Problem(String field, String code, List<Object> args) {

	public Problem {
		Objects.requireNonNull(field, "field");
		Objects.requireNonNull(code, "code");
		args = List.copyOf(args);
	}

	public Object[] argArray() {
		return this.args.toArray();
	}

}
