package de.kommunalpakt.forum.notification;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a member can watch: a space, a tag, a thread or a Land.
 *
 * @param type what kind of target
 * @param value its id, tag or Land code
 */
public record WatchTarget(Type type, String value) {

	public enum Type {

		SPACE, TAG, THREAD, LAND

	}

	public WatchTarget {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(value, "value");
	}

	public static WatchTarget space(String id) {
		return new WatchTarget(Type.SPACE, id);
	}

	public static WatchTarget tag(String tag) {
		return new WatchTarget(Type.TAG, tag.toLowerCase(Locale.ROOT));
	}

	public static WatchTarget thread(String id) {
		return new WatchTarget(Type.THREAD, id);
	}

	public static WatchTarget land(String code) {
		return new WatchTarget(Type.LAND, code.toUpperCase(Locale.ROOT));
	}

	/** The stored key, e.g. {@code space:fragen}. */
	public String key() {
		return this.type.name().toLowerCase(Locale.ROOT) + ":" + this.value;
	}

	public static Optional<WatchTarget> parse(String key) {
		if (key == null) {
			return Optional.empty();
		}
		int colon = key.indexOf(':');
		if (colon <= 0 || colon == key.length() - 1) {
			return Optional.empty();
		}
		try {
			Type type = Type.valueOf(key.substring(0, colon).toUpperCase(Locale.ROOT));
			return Optional.of(new WatchTarget(type, key.substring(colon + 1)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
