package de.kommunalpakt.forum.web;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Builds RFC 9457 problem details with German texts from the message bundles. The code of
 * a refusal is kept as the {@code code} property, so clients can act on it without
 * parsing text; {@code requestId} names the request in the logs ({@link RequestId}).
 */
@Component
public class ProblemResponses {

	private static final Locale GERMAN = Locale.GERMAN;

	private final MessageSource messages;

	private final ObjectMapper json = new ObjectMapper();

	public ProblemResponses(MessageSource messages) {
		this.messages = messages;
	}

	public ProblemDetail problem(HttpStatus status, String code, Object... args) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message(code, args));
		problem.setTitle(
				this.messages.getMessage("problem.title." + status.value(), null, status.getReasonPhrase(), GERMAN));
		problem.setType(URI.create("https://forum-kommunalpakt.de/probleme/" + code));
		problem.setProperty("code", code);
		String requestId = RequestId.current();
		if (requestId != null) {
			// Quoted in a support request, it finds the request's log lines.
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

	private static URI safeUri(String path) {
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException ex) {
			// A path the firewall rejected may not even be a valid URI.
			return URI.create("/");
		}
	}

	public String message(String code, Object... args) {
		return this.messages.getMessage(code, args, this.messages.getMessage("error.unknown", null, GERMAN), GERMAN);
	}

	/** Whether the bundles hold a text for the code. */
	public boolean hasMessage(String code) {
		return this.messages.getMessage(code, null, null, GERMAN) != null;
	}

	/** For filters (authentication), where no controller advice runs. */
	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code)
			throws IOException {
		write(request, response, status, code, request.getRequestURI());
	}

	/**
	 * Writes the problem detail for the address {@code instance} (on an error dispatch
	 * the address the client asked for, not /error).
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
			String instance) throws IOException {
		ProblemDetail problem = problem(status, code);
		problem.setInstance(safeUri(instance));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		if (status == HttpStatus.UNAUTHORIZED) {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"forum-kommunalpakt\"");
		}
		java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		body.put("instance", problem.getInstance().toString());
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		this.json.writeValue(response.getOutputStream(), body);
	}

}
