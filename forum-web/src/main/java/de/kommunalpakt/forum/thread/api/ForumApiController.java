package de.kommunalpakt.forum.thread.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.shared.Page;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.Tags;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadPage;
import de.kommunalpakt.forum.thread.ThreadQuery;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadState;
import de.kommunalpakt.forum.thread.ThreadType;
import de.kommunalpakt.forum.thread.api.ApiDtos.EditPostRequest;
import de.kommunalpakt.forum.thread.api.ApiDtos.MeDto;
import de.kommunalpakt.forum.thread.api.ApiDtos.ModerationRequest;
import de.kommunalpakt.forum.thread.api.ApiDtos.NewPostRequest;
import de.kommunalpakt.forum.thread.api.ApiDtos.NewThreadRequest;
import de.kommunalpakt.forum.thread.api.ApiDtos.OrganisationDto;
import de.kommunalpakt.forum.thread.api.ApiDtos.PageDto;
import de.kommunalpakt.forum.thread.api.ApiDtos.PostDto;
import de.kommunalpakt.forum.thread.api.ApiDtos.RevisionDto;
import de.kommunalpakt.forum.thread.api.ApiDtos.SpaceDto;
import de.kommunalpakt.forum.thread.api.ApiDtos.ThreadDto;
import de.kommunalpakt.forum.thread.api.ApiDtos.ThreadPageDto;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The forum as JSON. Same services, same rights and same refusals as the pages. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Forum", description = "Bereiche, Themen, Beiträge und Organisationen")
class ForumApiController {

	private static final int MAX_PAGE_SIZE = 100;

	private final SpaceService spaces;

	private final ThreadService threads;

	private final OrganisationRepository organisations;

	private final MemberRepository members;

	ForumApiController(SpaceService spaces, ThreadService threads, OrganisationRepository organisations,
			MemberRepository members) {
		this.spaces = spaces;
		this.threads = threads;
		this.organisations = organisations;
		this.members = members;
	}

	@GetMapping("/me")
	@Operation(summary = "Angemeldete Person mit Organisation und Rollen")
	MeDto me(Actor actor) {
		return MeDto.of(actor);
	}

	@GetMapping("/spaces")
	@Operation(summary = "Bereiche, die die angemeldete Person lesen darf")
	List<SpaceDto> spaces(Actor actor) {
		return this.spaces.readableBy(actor).stream().map(SpaceDto::of).toList();
	}

	@GetMapping("/spaces/{spaceId}")
	@Operation(summary = "Ein Bereich")
	SpaceDto space(Actor actor, @PathVariable String spaceId) {
		return SpaceDto.of(this.spaces.get(actor, spaceId));
	}

	@GetMapping("/threads")
	@Operation(summary = "Themen mit Filtern, neueste Aktivität zuerst (angeheftete zuerst innerhalb eines Bereichs)")
	PageDto<ThreadDto> threads(Actor actor, @RequestParam(required = false) String space,
			@RequestParam(required = false) String type, @RequestParam(required = false) String state,
			@RequestParam(required = false) String land, @RequestParam(required = false) String tag,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		if (size < 1 || size > MAX_PAGE_SIZE || page < 0) {
			throw new ForumException.Invalid("size", "api.paging.invalid", MAX_PAGE_SIZE);
		}
		Set<SpaceId> spaceFilter = (space != null && !space.isBlank()) ? Set.of(this.spaces.get(actor, space).id())
				: Set.of();
		ThreadQuery query = ThreadQuery.in(spaceFilter)
			.withType(parse(ThreadType.class, type, "type"))
			.withState(parse(ThreadState.class, state, "state"))
			.withLand(
					(land != null)
							? LandCode.parse(land)
								.orElseThrow(() -> new ForumException.Invalid("land", "api.filter.invalid", "land"))
							: null)
			.withTag((tag != null && !tag.isBlank()) ? tag.strip().toLowerCase(Locale.GERMAN) : null)
			.sortedBy(spaceFilter.isEmpty() ? ThreadQuery.Sort.ACTIVITY : ThreadQuery.Sort.PINNED_THEN_ACTIVITY);
		Page<Thread> result = this.threads.list(actor, query, page, size);
		return new PageDto<>(result.items().stream().map(ThreadDto::of).toList(), result.number(), result.size(),
				result.total(), result.totalPages());
	}

	@PostMapping(path = "/threads", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Neues Thema mit erstem Beitrag; ein Idempotency-Key verhindert doppelte Themen")
	ResponseEntity<ThreadDto> startThread(Actor actor, @RequestBody NewThreadRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		PostId opening = this.threads.start(actor, new ThreadCommands.StartThread(request.space(), request.type(),
				request.title(), request.markdown(), Tags.normalize(request.tags()), request.lands(), idempotencyKey));
		Thread thread = this.threads.get(actor, opening.thread());
		return ResponseEntity.created(URI.create("/api/v1/threads/" + thread.id().value())).body(ThreadDto.of(thread));
	}

	@GetMapping("/threads/{threadId}")
	@Operation(summary = "Ein Thema mit einer Seite seiner Beiträge (20 je Seite, ab 0)")
	ThreadPageDto thread(Actor actor, @PathVariable String threadId, @RequestParam(defaultValue = "0") int page) {
		ThreadPage view = this.threads.open(actor, threadId, page);
		return new ThreadPageDto(ThreadDto.of(view.thread()), view.page(), view.pageCount(),
				view.posts().stream().map(PostDto::of).toList());
	}

	@PostMapping(path = "/threads/{threadId}/posts", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Antwort auf ein Thema; 409, wenn es geschlossen oder gesperrt ist")
	ResponseEntity<PostDto> reply(Actor actor, @PathVariable String threadId, @RequestBody NewPostRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
		PostId id = this.threads.reply(actor,
				new ThreadCommands.Reply(threadId, request.markdown(), request.quotes(), idempotencyKey));
		return ResponseEntity.created(URI.create("/api/v1/posts/" + id))
			.body(PostDto.of(this.threads.post(actor, id.toString())));
	}

	@PostMapping(path = "/threads/{threadId}/moderation", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Moderation: PIN, UNPIN, CLOSE, REOPEN, LOCK, MOVE (mit targetSpace)")
	ThreadDto moderate(Actor actor, @PathVariable String threadId, @RequestBody ModerationRequest request) {
		ThreadCommands.ModerationAction action = parse(ThreadCommands.ModerationAction.class, request.action(),
				"action");
		if (action == null) {
			throw new ForumException.Invalid("action", "thread.moderation.unknown");
		}
		return ThreadDto.of(this.threads.moderate(actor, threadId, action, request.targetSpace()));
	}

	@GetMapping("/posts/{postId}")
	@Operation(summary = "Ein Beitrag")
	PostDto post(Actor actor, @PathVariable String postId) {
		return PostDto.of(this.threads.post(actor, postId));
	}

	@PutMapping(path = "/posts/{postId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Beitrag bearbeiten; expectedRevision schützt vor dem Überschreiben fremder Änderungen")
	PostDto edit(Actor actor, @PathVariable String postId, @RequestBody EditPostRequest request) {
		return PostDto.of(this.threads.edit(actor,
				new ThreadCommands.EditPost(postId, request.markdown(), request.expectedRevision())));
	}

	@GetMapping("/posts/{postId}/history")
	@Operation(summary = "Alle Fassungen eines Beitrags")
	List<RevisionDto> history(Actor actor, @PathVariable String postId) {
		return this.threads.history(actor, postId).stream().map(RevisionDto::of).toList();
	}

	@PostMapping("/posts/{postId}/accept")
	@Operation(summary = "Beitrag als Antwort auf die Frage akzeptieren")
	ThreadDto accept(Actor actor, @PathVariable String postId) {
		return ThreadDto.of(this.threads.acceptAnswer(actor, postId));
	}

	@PutMapping("/posts/{postId}/helpful")
	@Operation(summary = "Beitrag als hilfreich markieren")
	PostDto markHelpful(Actor actor, @PathVariable String postId) {
		return PostDto.of(this.threads.setHelpful(actor, postId, true));
	}

	@DeleteMapping("/posts/{postId}/helpful")
	@Operation(summary = "Markierung „hilfreich“ zurücknehmen")
	PostDto unmarkHelpful(Actor actor, @PathVariable String postId) {
		return PostDto.of(this.threads.setHelpful(actor, postId, false));
	}

	@GetMapping("/organisations")
	@Operation(summary = "Alle Organisationen des Kommunalpakts")
	List<OrganisationDto> organisations() {
		return this.organisations.findAll().stream().map(OrganisationDto::of).toList();
	}

	@GetMapping("/organisations/{organisationId}")
	@Operation(summary = "Eine Organisation")
	OrganisationDto organisation(@PathVariable String organisationId) {
		OrganisationId id;
		try {
			id = new OrganisationId(organisationId);
		}
		catch (ForumException ex) {
			throw new ForumException.NotFound("organisation.notFound");
		}
		return OrganisationDto.of(this.organisations.findById(id)
			.orElseThrow(() -> new ForumException.NotFound("organisation.notFound")));
	}

	@GetMapping("/members")
	@Operation(summary = "Mitglieder nach Namensanfang (für @-Erwähnungen)")
	List<MeDto> members(@RequestParam(defaultValue = "") String prefix) {
		if (prefix.isBlank() || prefix.length() > 40) {
			return List.of();
		}
		return this.members.findByNamePrefix(prefix.strip(), 8).stream().map((m) -> MeDto.of(m.asActor())).toList();
	}

	private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ForumException.Invalid(field, "api.filter.invalid", field);
		}
	}

}
