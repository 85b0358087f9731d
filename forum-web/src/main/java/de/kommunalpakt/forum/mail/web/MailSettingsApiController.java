package de.kommunalpakt.forum.mail.web;

import java.util.LinkedHashMap;
import java.util.Map;

import de.kommunalpakt.forum.mail.MailSettings;
import de.kommunalpakt.forum.mail.MailSettingsRepository;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.shared.ForumException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The member's mail settings in the API: {@code GET} and {@code PUT}
 * {@code /api/v1/me/mail-settings} with {@code own} and {@code watched} (IMMEDIATE,
 * DAILY, WEEKLY, NEVER), {@code digestHour} (0–23) and {@code digestDay} (MONDAY…);
 * fields left out stay as they are. {@code paused}: mail to the member pauses after
 * delivery reports ({@code bounces}); {@code DELETE /api/v1/me/mail-settings/bounces}
 * resumes it.
 */
@RestController
@Tag(name = "Benachrichtigungen", description = "Benachrichtigungen und Beobachten")
class MailSettingsApiController {

	private final MailSettingsRepository settings;

	MailSettingsApiController(MailSettingsRepository settings) {
		this.settings = settings;
	}

	@GetMapping(path = "/api/v1/me/mail-settings", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Eigene Mail-Einstellungen: own und watched (IMMEDIATE, DAILY, WEEKLY, NEVER), digestHour, "
			+ "digestDay, dazu Adresse, paused und bounces")
	Map<String, Object> get(Actor actor) {
		return json(this.settings.findOrDefault(actor.id().value()));
	}

	@PutMapping(path = "/api/v1/me/mail-settings", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(
			summary = "Mail-Einstellungen ändern: nur die mitgeschickten Felder own, watched, digestHour, digestDay; "
					+ "email, paused und bounces nur unverändert, unbekannte Felder ergeben 400")
	Map<String, Object> put(Actor actor, @RequestBody Map<String, Object> body) {
		checkFields(this.settings.findOrDefault(actor.id().value()), body);
		return json(MailSettingsController.save(this.settings, actor,
				new MailSettingsController.Command(text(body.get("own")), text(body.get("watched")),
						text(body.get("digestHour")), text(body.get("digestDay")))));
	}

	@DeleteMapping(path = "/api/v1/me/mail-settings/bounces", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Nach unzustellbaren Mails pausierten Versand wieder aufnehmen")
	Map<String, Object> resume(Actor actor) {
		this.settings.resume(actor.id().value());
		return json(this.settings.findOrDefault(actor.id().value()));
	}

	private static final java.util.Set<String> WRITABLE = java.util.Set.of("own", "watched", "digestHour", "digestDay");

	/**
	 * What {@code GET} gave may come back whole: the fields that only the forum sets
	 * ({@code email}, {@code paused}, {@code bounces}) are accepted unchanged and refused
	 * when changed; an unknown field is refused rather than silently dropped.
	 */
	private static void checkFields(MailSettings current, Map<String, Object> body) {
		Map<String, Object> now = json(current);
		for (Map.Entry<String, Object> field : body.entrySet()) {
			String name = field.getKey();
			if (WRITABLE.contains(name)) {
				continue;
			}
			if (!now.containsKey(name) && !"bounces".equals(name)) {
				throw new ForumException.Invalid(name, "api.mailSettings.unknownField", name);
			}
			if (!same(now.get(name), field.getValue())) {
				throw new ForumException.Invalid(name, "api.mailSettings.readOnly", name,
						MailSettingsApiController.READ_ONLY.get(name));
			}
		}
	}

	private static final Map<String, String> READ_ONLY = Map.of("email",
			"Die Adresse kommt bei jeder Anmeldung aus Ihrem Konto beim Anmeldedienst.", "paused",
			"Der Versand pausiert nach unzustellbaren Mails; DELETE /api/v1/me/mail-settings/bounces nimmt ihn wieder auf.",
			"bounces", "Zustellberichte trägt das Forum selbst ein.");

	/** As JSON compares: numbers by value, objects by their fields in any order. */
	private static boolean same(Object stored, Object sent) {
		if (stored instanceof Number a && sent instanceof Number b) {
			return a.doubleValue() == b.doubleValue();
		}
		if (stored instanceof Map<?, ?> a && sent instanceof Map<?, ?> b) {
			return a.size() == b.size() && a.entrySet().stream().allMatch((e) -> same(e.getValue(), b.get(e.getKey())));
		}
		return java.util.Objects.equals(stored, sent);
	}

	static Map<String, Object> json(MailSettings s) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("email", s.email());
		json.put("own", s.own().name());
		json.put("watched", s.watched().name());
		json.put("digestHour", s.digestHour());
		json.put("digestDay", s.digestDay().name());
		json.put("paused", s.paused());
		if (s.bounces() != null) {
			Map<String, Object> bounces = new LinkedHashMap<>();
			bounces.put("address", s.bounces().address());
			bounces.put("count", s.bounces().count());
			bounces.put("last", s.bounces().last().toString());
			bounces.put("diagnosis", s.bounces().diagnosis());
			json.put("bounces", bounces);
		}
		return json;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

}
