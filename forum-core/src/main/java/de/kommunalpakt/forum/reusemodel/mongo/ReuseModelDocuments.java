package de.kommunalpakt.forum.reusemodel.mongo;

import java.time.LocalDate;
import java.util.Date;
import java.util.List;

import org.bson.Document;

import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.reusemodel.Contact;
import de.kommunalpakt.forum.reusemodel.CostShare;
import de.kommunalpakt.forum.reusemodel.LegalRoute;
import de.kommunalpakt.forum.reusemodel.ModelStatus;
import de.kommunalpakt.forum.reusemodel.Payer;
import de.kommunalpakt.forum.reusemodel.ReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelProfile;
import de.kommunalpakt.forum.reusemodel.ReuseModelVersion;
import de.kommunalpakt.forum.thread.ThreadId;

/**
 * The documents, in one place. Model: {@code {_id: land, profile, version, thread,
 * createdAt, updatedAt, updatedBy, updatedByName}}. Version: {@code {_id: land-number,
 * land, number, profile, author, authorName, at, changed[]}}. Profile: {@code {name,
 * operator, legalRoute, legalRouteNote, toSign, oneOff{payer, note}, running{payer,
 * note}, steps[], duration, prerequisites[], services[], contacts[{name, role, email,
 * phone}], lastReview: "yyyy-mm-dd", status}}.
 */
final class ReuseModelDocuments {

	private ReuseModelDocuments() {
	}

	static String versionId(LandCode land, long number) {
		return land.name() + "-" + number;
	}

	static Document model(ReuseModel m) {
		return new Document("_id", m.land().name()).append("profile", profile(m.profile()))
			.append("version", m.version())
			.append("thread", (m.thread() != null) ? m.thread().value() : null)
			.append("createdAt", Date.from(m.createdAt()))
			.append("updatedAt", Date.from(m.updatedAt()))
			.append("updatedBy", (m.updatedBy() != null) ? m.updatedBy().value() : null)
			.append("updatedByName", m.updatedByName());
	}

	static ReuseModel model(Document d) {
		String thread = d.getString("thread");
		String by = d.getString("updatedBy");
		return new ReuseModel(LandCode.valueOf(d.getString("_id")), profile(d.get("profile", Document.class)),
				d.get("version", Number.class).longValue(), (thread != null) ? new ThreadId(thread) : null,
				d.getDate("createdAt").toInstant(), d.getDate("updatedAt").toInstant(),
				(by != null) ? new MemberId(by) : null, d.getString("updatedByName"));
	}

	static Document version(ReuseModelVersion v) {
		return new Document("_id", versionId(v.land(), v.number())).append("land", v.land().name())
			.append("number", v.number())
			.append("profile", profile(v.profile()))
			.append("author", v.author().value())
			.append("authorName", v.authorName())
			.append("at", Date.from(v.at()))
			.append("changed", v.changedFields());
	}

	static ReuseModelVersion version(Document d) {
		return new ReuseModelVersion(LandCode.valueOf(d.getString("land")), d.get("number", Number.class).longValue(),
				profile(d.get("profile", Document.class)), new MemberId(d.getString("author")),
				d.getString("authorName"), d.getDate("at").toInstant(), d.getList("changed", String.class, List.of()));
	}

	static Document profile(ReuseModelProfile p) {
		return new Document("name", p.name()).append("operator", p.operator())
			.append("legalRoute", name(p.legalRoute()))
			.append("legalRouteNote", p.legalRouteNote())
			.append("toSign", p.toSign())
			.append("oneOff", cost(p.oneOffCost()))
			.append("running", cost(p.runningCost()))
			.append("steps", p.onboardingSteps())
			.append("duration", p.typicalDuration())
			.append("prerequisites", p.prerequisites())
			.append("services", p.services().stream().map(EfaServiceId::value).toList())
			.append("contacts",
					p.contacts()
						.stream()
						.map((c) -> new Document("name", c.name()).append("role", c.role())
							.append("email", c.email())
							.append("phone", c.phone()))
						.toList())
			.append("lastReview", (p.lastReview() != null) ? p.lastReview().toString() : null)
			.append("status", p.status().name());
	}

	static ReuseModelProfile profile(Document d) {
		String route = d.getString("legalRoute");
		String review = d.getString("lastReview");
		return new ReuseModelProfile(d.getString("name"), d.getString("operator"),
				(route != null) ? LegalRoute.valueOf(route) : null, d.getString("legalRouteNote"),
				d.getString("toSign"), cost(d.get("oneOff", Document.class)), cost(d.get("running", Document.class)),
				d.getList("steps", String.class, List.of()), d.getString("duration"),
				d.getList("prerequisites", String.class, List.of()),
				d.getList("services", String.class, List.of()).stream().map(EfaServiceId::new).toList(),
				d.getList("contacts", Document.class, List.of())
					.stream()
					.map((c) -> new Contact(c.getString("name"), c.getString("role"), c.getString("email"),
							c.getString("phone")))
					.toList(),
				(review != null) ? LocalDate.parse(review) : null, ModelStatus.valueOf(d.getString("status")));
	}

	private static Document cost(CostShare c) {
		return new Document("payer", name(c.payer())).append("note", c.note());
	}

	private static CostShare cost(Document d) {
		if (d == null) {
			return CostShare.open();
		}
		String payer = d.getString("payer");
		return new CostShare((payer != null) ? Payer.valueOf(payer) : null, d.getString("note"));
	}

	private static String name(Enum<?> e) {
		return (e != null) ? e.name() : null;
	}

}
