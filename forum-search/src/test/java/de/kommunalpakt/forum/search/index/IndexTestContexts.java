package de.kommunalpakt.forum.search.index;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;

import de.kommunalpakt.forum.infra.SharedTestServices;
import de.kommunalpakt.forum.search.query.SearchRequest;
import de.kommunalpakt.forum.search.query.SearchResult;
import de.kommunalpakt.forum.search.query.ThreadSearch;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * The application's forum-core (and forum-search) wired by component scan, for the
 * indexing tests that stop and start it around a simulated crash: no scheduler, so only
 * what a test calls indexes.
 */
final class IndexTestContexts {

	/** forum-core without moderation, audit or notifications. */
	static final String[] CORE = { "de.kommunalpakt.forum.organisation", "de.kommunalpakt.forum.member",
			"de.kommunalpakt.forum.space", "de.kommunalpakt.forum.thread", "de.kommunalpakt.forum.changes",
			"de.kommunalpakt.forum.shared" };

	static final String SEARCH = "de.kommunalpakt.forum.search";

	private IndexTestContexts() {
	}

	/**
	 * A started context on the database (also the index alias) with the given packages on
	 * top of {@link #CORE}; the Mongo client stays open when it closes.
	 */
	static AnnotationConfigApplicationContext start(MongoClient client, String database, String... packages) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("forum.core.database", database, "forum.search.uris",
					SharedTestServices.elasticsearchUrl(), "forum.search.index", database)));
		context.registerBean(Clock.class, Clock::systemUTC);
		context.registerBean(MongoClient.class, () -> client,
				(definition) -> ((AbstractBeanDefinition) definition).setDestroyMethodName(""));
		context.scan(Stream.concat(Stream.of(CORE), Stream.of(packages)).toArray(String[]::new));
		context.refresh();
		return context;
	}

	/** The thread ids a search in the space "fragen" finds. */
	static List<String> hits(ApplicationContext app, String text) {
		SearchResult result = app.getBean(ThreadSearch.class)
			.search(new SearchRequest(text, Set.of("fragen"), null, null, null, null, null, null, null, false, 0, 10));
		return result.hits().stream().map(SearchResult.Hit::threadId).toList();
	}

}
