package de.kommunalpakt.forum.session.mongo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;

/**
 * Which forum session belongs to which Keycloak session, for back-channel logout on
 * whichever instance Keycloak's logout token reaches.
 * <p>
 * Document: {@code {_id: forum session id, issuer, subject, sid, info: Binary}};
 * {@code info} is the {@link OidcSessionInformation} (user, CSRF header for the logout
 * call) in Java serialization.
 */
class MongoOidcSessionRegistry implements OidcSessionRegistry {

	private final MongoCollection<Document> collection;

	private final SerializingConverter serializer = new SerializingConverter();

	private final DeserializingConverter deserializer = new DeserializingConverter(
			MongoOidcSessionRegistry.class.getClassLoader());

	MongoOidcSessionRegistry(MongoDatabase database) {
		this.collection = database.getCollection("oidc_sessions");
	}

	@Override
	public void saveSessionInformation(OidcSessionInformation info) {
		Object sid = info.getPrincipal().getIdToken().getClaim("sid");
		Document document = new Document("_id", info.getSessionId())
			.append("issuer", info.getPrincipal().getIdToken().getIssuer().toString())
			.append("subject", info.getPrincipal().getIdToken().getSubject())
			.append("sid", (sid != null) ? sid.toString() : null)
			.append("info", new Binary(this.serializer.convert(info)));
		this.collection.replaceOne(Filters.eq("_id", info.getSessionId()), document, new ReplaceOptions().upsert(true));
	}

	@Override
	public OidcSessionInformation removeSessionInformation(String clientSessionId) {
		Document removed = this.collection.findOneAndDelete(Filters.eq("_id", clientSessionId));
		return (removed != null) ? fromDocument(removed) : null;
	}

	@Override
	public Iterable<OidcSessionInformation> removeSessionInformation(OidcLogoutToken token) {
		Bson issuer = Filters.eq("issuer", token.getIssuer().toString());
		// As Spring Security's in-memory registry: the Keycloak session if the token
		// names
		// one, else every session of the person.
		Bson filter = (token.getSessionId() != null) ? Filters.and(issuer, Filters.eq("sid", token.getSessionId()))
				: Filters.and(issuer, Filters.eq("subject", token.getSubject()));
		List<OidcSessionInformation> removed = new ArrayList<>();
		for (Document document : this.collection.find(filter)) {
			if (this.collection.deleteOne(Filters.eq("_id", document.get("_id"))).getDeletedCount() > 0) {
				removed.add(fromDocument(document));
			}
		}
		return removed;
	}

	/** The forum session got a new id (login): the entry follows it. */
	void moveSession(String oldId, String newId) {
		Document document = this.collection.findOneAndDelete(Filters.eq("_id", oldId));
		if (document != null) {
			document.put("_id", newId);
			this.collection.replaceOne(Filters.eq("_id", newId), document, new ReplaceOptions().upsert(true));
		}
	}

	/** Removes entries whose forum session is gone (expired, logged out). */
	void deleteWhereSessionMissing(MongoCollection<Document> sessions) {
		Set<Object> ids = new HashSet<>();
		this.collection.find().projection(Projections.include("_id")).forEach((d) -> ids.add(d.get("_id")));
		if (ids.isEmpty()) {
			return;
		}
		sessions.find(Filters.in("_id", ids))
			.projection(Projections.include("_id"))
			.forEach((d) -> ids.remove(d.get("_id")));
		if (!ids.isEmpty()) {
			this.collection.deleteMany(Filters.in("_id", ids));
		}
	}

	private OidcSessionInformation fromDocument(Document document) {
		OidcSessionInformation info = (OidcSessionInformation) this.deserializer
			.convert(document.get("info", Binary.class).getData());
		return info.withSessionId(document.getString("_id"));
	}

}
