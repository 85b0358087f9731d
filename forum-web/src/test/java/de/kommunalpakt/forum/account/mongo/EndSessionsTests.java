package de.kommunalpakt.forum.account.mongo;

import java.util.Date;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.support.TestMongo;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting an account ends its sessions, also one the back-channel registry does not
 * know: its stored security context names the member. The documents are stored as the
 * session store writes them (one field per attribute under {@code attrs}, which
 * {@code MongoSessionRepositoryTests} pins).
 */
class EndSessionsTests {

	static MongoClient client;

	static MongoDatabase database;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(TestMongo.uri());
		database = client.getDatabase("end-sessions-tests");
	}

	@AfterAll
	static void close() {
		client.close();
	}

	@Test
	void aSessionHoldingTheMembersTokensEndsAndOthersStay() {
		database.getCollection("http_sessions").deleteMany(new Document());
		database.getCollection("oidc_sessions").deleteMany(new Document());
		database.getCollection("http_sessions")
			.insertMany(List.of(session("s-darmstadt", "darmstadt-sub"), session("s-hessen", "hessen-sub"),
					new Document("_id", "s-anonym").append("attrs", new Document())));

		new MongoAccountErasure(database).endSessions(new MemberId("darmstadt-sub"));

		assertThat(database.getCollection("http_sessions")
			.find()
			.map((d) -> d.getString("_id"))
			.into(new java.util.ArrayList<>())).containsExactlyInAnyOrder("s-hessen", "s-anonym");
		assertThat(database.getCollection("http_sessions").countDocuments(Filters.eq("_id", "s-darmstadt"))).isZero();
	}

	private static Document session(String id, String subject) {
		byte[] context = new SerializingConverter().convert(
				new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(subject, null, List.of())));
		return new Document("_id", id).append("created", new Date())
			.append("lastAccessed", new Date())
			.append("maxInactiveSeconds", 1800L)
			.append("expiresAt", new Date(System.currentTimeMillis() + 1_800_000))
			.append("attrs", new Document("SPRING_SECURITY_CONTEXT", new Binary(context)).append(
					"org%2Espringframework%2Esecurity%2Eweb%2Ecsrf%2EHttpSessionCsrfTokenRepository%2ECSRF_TOKEN",
					new Binary(new byte[] { 1, 2, 3 })));
	}

}
