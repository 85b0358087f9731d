package de.kommunalpakt.forum.faq.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadQuery;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.stereotype.Component;

/**
 * Builds the FAQ from the questions with an accepted answer that the actor may read.
 *
 * <p>
 * It scans the question threads (newest activity first, at most {@link #MAX_THREADS}) and
 * loads each accepted post by its id. That is fine for the forum's size today; with many
 * thousands of answered questions this page should read from the search index (or a small
 * FAQ collection kept up to date from {@code ANSWER_ACCEPTED} changes) instead.
 */
@Component
class FaqCatalogue {

	static final int MAX_THREADS = 1000;

	private static final int PAGE = 100;

	private static final Set<OrganisationKind> OFFICIAL = Set.of(OrganisationKind.LAND, OrganisationKind.FITKO,
			OrganisationKind.KSPV);

	private final ThreadService threads;

	private final SpaceService spaces;

	FaqCatalogue(ThreadService threads, SpaceService spaces) {
		this.threads = threads;
		this.spaces = spaces;
	}

	Faq build(Actor actor, LandCode land, String tag) {
		Map<SpaceId, Space> readable = new LinkedHashMap<>();
		this.spaces.readableBy(actor).forEach((s) -> readable.put(s.id(), s));
		ThreadQuery query = ThreadQuery.in(Set.of())
			.withType(ThreadType.QUESTION)
			.withLand(land)
			.sortedBy(ThreadQuery.Sort.ACTIVITY);
		Map<SpaceId, List<Entry>> bySpace = new LinkedHashMap<>();
		readable.keySet().forEach((id) -> bySpace.put(id, new ArrayList<>()));
		Set<String> tags = new TreeSet<>();
		int count = 0;
		for (int page = 0; page * PAGE < MAX_THREADS; page++) {
			Page<Thread> batch = this.threads.list(actor, query, page, PAGE);
			for (Thread t : batch.items()) {
				if (t.acceptedAnswer() == null) {
					continue;
				}
				tags.addAll(t.tags());
				if (tag != null && !t.tags().contains(tag)) {
					continue;
				}
				Post answer = this.threads.post(actor, t.acceptedAnswerId().orElseThrow().toString());
				boolean official = OFFICIAL.contains(answer.organisationKind());
				bySpace.computeIfAbsent(t.space(), (k) -> new ArrayList<>()).add(new Entry(t, answer, official));
				count++;
			}
			if (!batch.hasNext()) {
				break;
			}
		}
		List<Topic> topics = new ArrayList<>();
		bySpace.forEach((id, entries) -> {
			if (!entries.isEmpty() && readable.containsKey(id)) {
				topics.add(new Topic(readable.get(id), entries));
			}
		});
		return new Faq(topics, List.copyOf(tags), count);
	}

	/**
	 * The FAQ.
	 *
	 * @param topics spaces with their answered questions
	 * @param tags all tags of answered questions (for the filter)
	 * @param count number of questions shown
	 */
	record Faq(List<Topic> topics, List<String> tags, int count) {
	}

	/**
	 * Answered questions of one space.
	 *
	 * @param space the space
	 * @param entries its answered questions
	 */
	record Topic(Space space, List<Entry> entries) {
	}

	/**
	 * One answered question.
	 *
	 * @param thread the question
	 * @param answer the accepted answer
	 * @param official answered by a Land, FITKO or a KSpV member
	 */
	record Entry(Thread thread, Post answer, boolean official) {
	}

}
