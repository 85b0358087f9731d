package de.kommunalpakt.forum.web;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the proxy's {@code X-Request-Id} if it sent a plausible one,
 * else a new one. The id is in the response header {@code X-Request-Id}, in every log
 * line written while the request runs (MDC key {@value #MDC_KEY}, a field of its own in
 * the JSON logs), in problem details ({@code requestId}) and on the error page, so a
 * user's report, the proxy's log and the forum's log meet.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestId extends OncePerRequestFilter {

	public static final String HEADER = "X-Request-Id";

	/** The MDC key, as in Elastic Common Schema's {@code http.request.id}. */
	public static final String MDC_KEY = "http.request.id";

	/** The request attribute, also what pages read ({@code ${requestId}}). */
	static final String ATTRIBUTE = "requestId";

	/** What a proxy's id may look like: no spaces or control characters, not too long. */
	private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		// The error dispatch runs after the first pass has cleared the MDC.
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = (request.getAttribute(ATTRIBUTE) instanceof String earlier) ? earlier : idFor(request);
		request.setAttribute(ATTRIBUTE, id);
		if (!response.containsHeader(HEADER)) {
			response.setHeader(HEADER, id);
		}
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	/** The id of the request this thread serves, or null outside a request. */
	public static String current() {
		String id = MDC.get(MDC_KEY);
		if (id != null) {
			return id;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes != null
				&& attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof String earlier)
						? earlier : null;
	}

	private static String idFor(HttpServletRequest request) {
		String sent = request.getHeader(HEADER);
		if (sent != null && PLAUSIBLE.matcher(sent).matches()) {
			return sent;
		}
		byte[] random = new byte[8];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
