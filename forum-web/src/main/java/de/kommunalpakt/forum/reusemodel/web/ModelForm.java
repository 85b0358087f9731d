package de.kommunalpakt.forum.reusemodel.web;

import java.util.List;

import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import org.springframework.util.MultiValueMap;

/**
 * Reads the model form from the raw parameters: repeated fields (services, contact rows)
 * keep every value as sent, nothing is split at commas and nothing fails to bind.
 */
final class ModelForm {

	private ModelForm() {
	}

	static EditReuseModel bind(MultiValueMap<String, String> p) {
		return new EditReuseModel(p.getFirst("name"), p.getFirst("operator"), p.getFirst("legalRoute"),
				p.getFirst("legalRouteNote"), p.getFirst("toSign"), p.getFirst("oneOffPayer"), p.getFirst("oneOffNote"),
				p.getFirst("runningPayer"), p.getFirst("runningNote"), p.getFirst("onboardingSteps"),
				p.getFirst("typicalDuration"), p.getFirst("prerequisites"), all(p, "services"), all(p, "contactName"),
				all(p, "contactRole"), all(p, "contactEmail"), all(p, "contactPhone"), p.getFirst("lastReview"),
				p.getFirst("status"), version(p.getFirst("version")));
	}

	private static List<String> all(MultiValueMap<String, String> p, String name) {
		List<String> values = p.get(name);
		return (values != null) ? values : List.of();
	}

	private static Long version(String raw) {
		if (raw == null || raw.isBlank() || raw.length() > 18) {
			return null;
		}
		try {
			return Long.valueOf(raw.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
