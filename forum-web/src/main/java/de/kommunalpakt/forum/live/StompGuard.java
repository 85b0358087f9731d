package de.kommunalpakt.forum.live;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.security.ActorMapper;
import de.kommunalpakt.forum.security.CurrentActor;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.SpaceService;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadService;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/**
 * Who may do what on the live connection, checked on every inbound frame.
 * <ul>
 * <li>CONNECT: the signed-in browser session of the handshake, or
 * {@code Authorization: Bearer <token>} in the CONNECT headers (the same tokens as the
 * API). Anyone else gets an ERROR frame.</li>
 * <li>SUBSCRIBE: {@code /topic/threads/{id}} and {@code /topic/spaces/{id}} exactly when
 * the member may read that thread or space; {@code /user/queue/notifications} for
 * oneself; {@code /topic/boards/pilots} and {@code /topic/boards/reports} for every
 * signed-in member (their messages carry no content). Unknown destinations are
 * refused.</li>
 * <li>SEND: refused; every destination belongs to the server.</li>
 * </ul>
 * A refusal is an ERROR frame with a German message; the connection's other subscriptions
 * and all other connections stay as they are.
 */
@Component
class StompGuard implements ChannelInterceptor {

	private static final Logger log = LoggerFactory.getLogger(StompGuard.class);

	static final Pattern THREAD_TOPIC = Pattern.compile("/topic/threads/([A-Za-z0-9_-]{1,64})");

	static final Pattern SPACE_TOPIC = Pattern.compile("/topic/spaces/([a-z0-9-]{1,64})");

	static final String NOTIFICATIONS = "/user/queue/notifications";

	/** Every signed-in member: the message says only that the board changed. */
	static final String PILOT_BOARD = "/topic/boards/pilots";

	static final String REPORT_BOARD = "/topic/boards/reports";

	private final JwtDecoder jwtDecoder;

	private final ThreadService threads;

	private final SpaceService spaces;

	StompGuard(JwtDecoder jwtDecoder, ThreadService threads, SpaceService spaces) {
		this.jwtDecoder = jwtDecoder;
		this.threads = threads;
		this.spaces = spaces;
	}

	@Override
	public Message<?> preSend(Message<?> message, MessageChannel channel) {
		StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
		if (stomp == null || stomp.getCommand() == null) {
			return message;
		}
		StompCommand command = stomp.getCommand();
		switch (command) {
			case CONNECT, STOMP -> {
				Actor actor = authenticate(stomp).orElseThrow(() -> refuse(stomp, "Anmeldung erforderlich"));
				stomp.setUser(new LivePrincipal(actor));
				Map<String, Object> attributes = stomp.getSessionAttributes();
				if (attributes != null) {
					attributes.put("actor", actor);
				}
			}
			case SUBSCRIBE -> authorizeSubscription(stomp);
			case SEND -> throw refuse(stomp, "Senden ist nicht erlaubt: alle Ziele gehören dem Server");
			default -> {
			}
		}
		return message;
	}

	private Optional<Actor> authenticate(StompHeaderAccessor stomp) {
		String authorization = stomp.getFirstNativeHeader("Authorization");
		if (authorization != null) {
			if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
				return Optional.empty();
			}
			try {
				return Optional
					.of(ActorMapper.fromClaims(this.jwtDecoder.decode(authorization.substring(7).trim()).getClaims()));
			}
			catch (JwtException | IllegalArgumentException ex) {
				return Optional.empty();
			}
		}
		Principal user = stomp.getUser();
		if (user instanceof Authentication authentication && authentication.isAuthenticated()) {
			return CurrentActor.from(authentication);
		}
		return Optional.empty();
	}

	private void authorizeSubscription(StompHeaderAccessor stomp) {
		Actor actor = actor(stomp);
		String destination = String.valueOf(stomp.getDestination());
		try {
			Matcher thread = THREAD_TOPIC.matcher(destination);
			Matcher space = SPACE_TOPIC.matcher(destination);
			if (thread.matches()) {
				this.threads.get(actor, new ThreadId(thread.group(1)));
			}
			else if (space.matches()) {
				this.spaces.get(actor, space.group(1));
			}
			else if (!NOTIFICATIONS.equals(destination) && !PILOT_BOARD.equals(destination)
					&& !REPORT_BOARD.equals(destination)) {
				throw refuse(stomp, "Unbekanntes Ziel: " + abbreviate(destination));
			}
		}
		catch (ForumException.NotFound | ForumException.Forbidden | IllegalArgumentException ex) {
			// The same answer for hidden and missing, as on the pages.
			throw refuse(stomp, "Ziel nicht gefunden oder nicht freigegeben: " + abbreviate(destination));
		}
	}

	private static Actor actor(StompHeaderAccessor stomp) {
		if (stomp.getUser() instanceof LivePrincipal live) {
			return live.actor();
		}
		Map<String, Object> attributes = stomp.getSessionAttributes();
		if (attributes != null && attributes.get("actor") instanceof Actor actor) {
			return actor;
		}
		throw refuse(stomp, "Anmeldung erforderlich");
	}

	private static MessageDeliveryException refuse(StompHeaderAccessor stomp, String reason) {
		log.info("Live-Verbindung {}: {} abgelehnt: {}", stomp.getSessionId(), stomp.getCommand(), reason);
		return new MessageDeliveryException(reason);
	}

	private static String abbreviate(String text) {
		return (text.length() > 80) ? text.substring(0, 80) + "…" : text;
	}

}
