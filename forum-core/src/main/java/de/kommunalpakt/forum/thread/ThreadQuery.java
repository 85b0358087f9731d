package de.kommunalpakt.forum.thread;

import java.util.Set;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.space.SpaceId;

/**
 * Filters for lists of threads. Null means "any". {@code spaces} is always the set the
 * actor may read, so a list never shows a hidden thread.
 *
 * @param spaces spaces to list from
 * @param type thread type
 * @param state thread state
 * @param land Land the thread is about
 * @param tag tag
 * @param author starter of the thread
 * @param organisation organisation of the starter
 * @param sort order of the list
 * @param hidden threads whose opening post the moderation hid: {@code false} leaves them
 * out (what {@link ThreadService#list} asks for everyone but moderators), {@code true}
 * lists only them, null both
 */
public record ThreadQuery(Set<SpaceId> spaces, ThreadType type, ThreadState state, LandCode land, String tag,
		MemberId author, OrganisationId organisation, Sort sort, Boolean hidden) {

	public ThreadQuery {
		spaces = Set.copyOf(spaces);
		sort = (sort != null) ? sort : Sort.PINNED_THEN_ACTIVITY;
	}

	public static ThreadQuery in(Set<SpaceId> spaces) {
		return new ThreadQuery(spaces, null, null, null, null, null, null, null, null);
	}

	public ThreadQuery withType(ThreadType t) {
		return new ThreadQuery(this.spaces, t, this.state, this.land, this.tag, this.author, this.organisation,
				this.sort, this.hidden);
	}

	public ThreadQuery withState(ThreadState s) {
		return new ThreadQuery(this.spaces, this.type, s, this.land, this.tag, this.author, this.organisation,
				this.sort, this.hidden);
	}

	public ThreadQuery withLand(LandCode l) {
		return new ThreadQuery(this.spaces, this.type, this.state, l, this.tag, this.author, this.organisation,
				this.sort, this.hidden);
	}

	public ThreadQuery withTag(String t) {
		return new ThreadQuery(this.spaces, this.type, this.state, this.land, t, this.author, this.organisation,
				this.sort, this.hidden);
	}

	public ThreadQuery withAuthor(MemberId a) {
		return new ThreadQuery(this.spaces, this.type, this.state, this.land, this.tag, a, this.organisation, this.sort,
				this.hidden);
	}

	public ThreadQuery withOrganisation(OrganisationId o) {
		return new ThreadQuery(this.spaces, this.type, this.state, this.land, this.tag, this.author, o, this.sort,
				this.hidden);
	}

	public ThreadQuery sortedBy(Sort s) {
		return new ThreadQuery(this.spaces, this.type, this.state, this.land, this.tag, this.author, this.organisation,
				s, this.hidden);
	}

	public ThreadQuery withHidden(Boolean h) {
		return new ThreadQuery(this.spaces, this.type, this.state, this.land, this.tag, this.author, this.organisation,
				this.sort, h);
	}

	/** List orders. */
	public enum Sort {

		/** Pinned first, then by last activity: the space page. */
		PINNED_THEN_ACTIVITY,
		/** By last activity only: "Neueste Aktivität". */
		ACTIVITY,
		/** By creation, newest first. */
		CREATED

	}

}
