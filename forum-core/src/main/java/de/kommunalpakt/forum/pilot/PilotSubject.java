package de.kommunalpakt.forum.pilot;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.organisation.LandCode;

/**
 * What a municipality wants to pilot: an EfA service or a Land's reuse model.
 *
 * @param kind service or model
 * @param service the service (kind SERVICE)
 * @param land the Land of the model (kind MODEL)
 */
public record PilotSubject(Kind kind, EfaServiceId service, LandCode land) {

	public PilotSubject {
		Objects.requireNonNull(kind, "kind");
		if ((kind == Kind.SERVICE) != (service != null) || (kind == Kind.MODEL) != (land != null)) {
			throw new IllegalArgumentException("subject needs exactly its own reference");
		}
	}

	public static PilotSubject service(EfaServiceId id) {
		return new PilotSubject(Kind.SERVICE, id, null);
	}

	public static PilotSubject model(LandCode land) {
		return new PilotSubject(Kind.MODEL, null, land);
	}

	/** The key in forms and ids: {@code leistung-<id>} or {@code modell-<land>}. */
	public String key() {
		return (this.kind == Kind.SERVICE) ? "leistung-" + this.service.value()
				: "modell-" + this.land.name().toLowerCase(Locale.ROOT);
	}

	/** Parses {@link #key()}; empty for anything else. */
	public static Optional<PilotSubject> parse(String key) {
		if (key == null) {
			return Optional.empty();
		}
		String k = key.strip();
		if (k.startsWith("leistung-")) {
			return EfaServiceId.parse(k.substring("leistung-".length())).map(PilotSubject::service);
		}
		if (k.startsWith("modell-")) {
			return LandCode.parse(k.substring("modell-".length())).map(PilotSubject::model);
		}
		return Optional.empty();
	}

	/** Kinds of subject. */
	public enum Kind {

		SERVICE, MODEL

	}

}
