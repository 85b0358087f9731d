package de.kommunalpakt.forum.efaservice;

import java.util.Objects;

import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;

/**
 * An EfA online service.
 *
 * @param id slug
 * @param name display name ("Wohngeld")
 * @param topic OZG topic field ("Familie & Kind")
 * @param builtBy the Land that built and operates it (Themenfeldführer)
 * @param description one paragraph for non-specialists
 */
public record EfaService(EfaServiceId id, String name, String topic, LandCode builtBy, String description) {

	public EfaService {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(builtBy, "builtBy");
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new ForumException.Invalid("name", "efaService.name.invalid");
		}
		topic = (topic != null) ? topic.strip() : "";
		description = (description != null) ? description.strip() : "";
	}

}
