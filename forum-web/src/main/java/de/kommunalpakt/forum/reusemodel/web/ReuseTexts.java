package de.kommunalpakt.forum.reusemodel.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.reusemodel.Contact;
import de.kommunalpakt.forum.reusemodel.CostShare;
import de.kommunalpakt.forum.reusemodel.LegalRoute;
import de.kommunalpakt.forum.reusemodel.ModelStatus;
import de.kommunalpakt.forum.reusemodel.Payer;
import de.kommunalpakt.forum.validation.Problem;
import de.kommunalpakt.forum.web.GermanTime;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * German wording of the reuse features' values (enums, dates, costs, contacts) from the
 * message bundle; templates reach it as {@code @reuseTexts}.
 */
@Component("reuseTexts")
public class ReuseTexts {

	public static final ZoneId BERLIN = GermanTime.ZONE;

	private static final GermanTime GERMAN_TIME = new GermanTime();

	private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.GERMAN);

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy, HH:mm 'Uhr'",
			Locale.GERMAN);

	private final MessageSource messages;

	public ReuseTexts(MessageSource messages) {
		this.messages = messages;
	}

	public String msg(String code, Object... args) {
		return this.messages.getMessage(code, args, code, Locale.GERMAN);
	}

	public String date(LocalDate date) {
		return (date != null) ? DATE.format(date) : "";
	}

	public String date(Instant instant) {
		return GERMAN_TIME.date(instant);
	}

	public String dateTime(Instant instant) {
		return (instant != null) ? DATE_TIME.format(instant.atZone(BERLIN)) : "";
	}

	public String route(LegalRoute route) {
		return (route != null) ? msg("reuse.legalRoute." + route.name()) : msg("reuse.none");
	}

	public String payer(Payer payer) {
		return (payer != null) ? msg("reuse.payer." + payer.name()) : msg("reuse.none");
	}

	public String status(ModelStatus status) {
		return msg("reuse.status." + status.name());
	}

	public String cost(CostShare cost) {
		if (cost == null || (cost.payer() == null && cost.note().isBlank())) {
			return msg("reuse.none");
		}
		return cost.note().isBlank() ? payer(cost.payer()) : msg("reuse.cost.format", payer(cost.payer()), cost.note());
	}

	public String contact(Contact c) {
		StringBuilder s = new StringBuilder(c.name());
		if (!c.role().isBlank()) {
			s.append(" (").append(c.role()).append(')');
		}
		if (!c.email().isBlank()) {
			s.append(", ").append(c.email());
		}
		if (!c.phone().isBlank()) {
			s.append(", ").append(c.phone());
		}
		return s.toString();
	}

	/** Any profile field value as lines of text (lists give one line per entry). */
	public List<String> lines(Object value, Map<EfaServiceId, EfaService> services) {
		List<String> lines = new ArrayList<>();
		if (value == null) {
			return lines;
		}
		if (value instanceof List<?> list) {
			list.forEach((item) -> lines.add(single(item, services)));
		}
		else {
			String s = single(value, services);
			if (!s.isBlank()) {
				lines.add(s);
			}
		}
		return lines;
	}

	public String single(Object value, Map<EfaServiceId, EfaService> services) {
		return switch (value) {
			case null -> "";
			case LegalRoute r -> route(r);
			case ModelStatus s -> status(s);
			case CostShare c -> cost(c);
			case Contact c -> contact(c);
			case LocalDate d -> date(d);
			case EfaServiceId id -> (services.containsKey(id)) ? services.get(id).name() : id.value();
			default -> value.toString();
		};
	}

	/** Field problems as German messages, keyed by field, in form order. */
	public Map<String, String> problems(List<Problem> problems) {
		Map<String, String> messages = new java.util.LinkedHashMap<>();
		problems.forEach((p) -> messages.putIfAbsent(p.field(), msg(p.code(), p.argArray())));
		return messages;
	}

}
