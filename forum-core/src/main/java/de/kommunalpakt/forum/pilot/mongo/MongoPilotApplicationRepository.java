package de.kommunalpakt.forum.pilot.mongo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.pilot.PilotApplication;
import de.kommunalpakt.forum.pilot.PilotApplicationRepository;
import de.kommunalpakt.forum.pilot.PilotStatus;
import de.kommunalpakt.forum.pilot.PilotSubject;
import de.kommunalpakt.forum.pilot.StatusChange;
import org.springframework.stereotype.Repository;

/**
 * Document: {@code {_id, municipality, municipalityName, land, subjectKind, service,
 * subjectLand, subjectName, reasons, resources, contact{name, email, phone}, submittedBy,
 * submittedAt, status, history[{from, to, note, actor, actorName, actorOrg, at}],
 * version}}.
 */
@Repository
class MongoPilotApplicationRepository implements PilotApplicationRepository {

	private final MongoCollection<Document> collection;

	MongoPilotApplicationRepository(MongoDatabase database) {
		this.collection = database.getCollection("pilot_applications");
		// For production MongoDB: the board and "my applications" filter by these.
		this.collection.createIndex(Indexes.ascending("municipality"));
		this.collection.createIndex(Indexes.ascending("status"));
	}

	@Override
	public Optional<PilotApplication> findById(String id) {
		return Optional.ofNullable(this.collection.find(Filters.eq("_id", id)).first())
			.map(MongoPilotApplicationRepository::fromDocument);
	}

	@Override
	public List<PilotApplication> findAll() {
		List<PilotApplication> all = new ArrayList<>();
		this.collection.find().forEach((d) -> all.add(fromDocument(d)));
		all.sort(Comparator.comparing(PilotApplication::submittedAt).reversed());
		return all;
	}

	@Override
	public boolean insert(PilotApplication application) {
		try {
			this.collection.insertOne(toDocument(application));
			return true;
		}
		catch (MongoWriteException ex) {
			if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public boolean update(long expectedVersion, PilotApplication after) {
		Document d = toDocument(after);
		d.remove("_id");
		return this.collection.findOneAndUpdate(
				Filters.and(Filters.eq("_id", after.id()), Filters.eq("version", expectedVersion)),
				new Document("$set", d)) != null;
	}

	static Document toDocument(PilotApplication a) {
		PilotSubject s = a.subject();
		return new Document("_id", a.id()).append("municipality", a.municipality().value())
			.append("municipalityName", a.municipalityName())
			.append("land", a.land().name())
			.append("subjectKind", s.kind().name())
			.append("service", (s.service() != null) ? s.service().value() : null)
			.append("subjectLand", (s.land() != null) ? s.land().name() : null)
			.append("subjectName", a.subjectName())
			.append("reasons", a.reasons())
			.append("resources", a.resources())
			.append("contact",
					new Document("name", a.contactName()).append("email", a.contactEmail())
						.append("phone", a.contactPhone()))
			.append("submittedBy", a.submittedBy().value())
			.append("submittedAt", Date.from(a.submittedAt()))
			.append("status", a.status().name())
			.append("history",
					a.history()
						.stream()
						.map((h) -> new Document("from", (h.from() != null) ? h.from().name() : null)
							.append("to", h.to().name())
							.append("note", h.note())
							.append("actor", h.actor().value())
							.append("actorName", h.actorName())
							.append("actorOrg", h.actorOrganisation())
							.append("at", Date.from(h.at())))
						.toList())
			.append("version", a.version());
	}

	static PilotApplication fromDocument(Document d) {
		PilotSubject subject = PilotSubject.Kind.valueOf(d.getString("subjectKind")) == PilotSubject.Kind.SERVICE
				? PilotSubject.service(new EfaServiceId(d.getString("service")))
				: PilotSubject.model(LandCode.valueOf(d.getString("subjectLand")));
		Document contact = d.get("contact", Document.class);
		List<StatusChange> history = d.getList("history", Document.class, List.of()).stream().map((h) -> {
			String from = h.getString("from");
			return new StatusChange((from != null) ? PilotStatus.valueOf(from) : null,
					PilotStatus.valueOf(h.getString("to")), h.getString("note"), new MemberId(h.getString("actor")),
					h.getString("actorName"), h.getString("actorOrg"), h.getDate("at").toInstant());
		}).toList();
		return new PilotApplication(d.getString("_id"), new OrganisationId(d.getString("municipality")),
				d.getString("municipalityName"), LandCode.valueOf(d.getString("land")), subject,
				d.getString("subjectName"), d.getString("reasons"), d.getString("resources"), contact.getString("name"),
				contact.getString("email"), contact.getString("phone"), new MemberId(d.getString("submittedBy")),
				d.getDate("submittedAt").toInstant(), PilotStatus.valueOf(d.getString("status")), history,
				d.get("version", Number.class).longValue());
	}

	@Override
	public void delete(String id) {
		this.collection.deleteOne(Filters.eq("_id", id));
	}

}
