package de.kommunalpakt.forum.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above {@code forum.web.max-request-body} (default 1 MB) with 413
 * before anything reads them: by the announced {@code Content-Length} at once, and for
 * chunked bodies by counting while they are read. The error dispatch then answers with a
 * problem detail on /api and the German error page elsewhere. The largest legitimate body
 * is a post of 64 KiB Markdown (as JSON or form) or a reuse-model form.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimit extends OncePerRequestFilter {

	private final long max;

	RequestBodyLimit(Settings settings) {
		this.max = settings.maxRequestBody().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long announced = request.getContentLengthLong();
		if (announced > this.max) {
			// The connection is closed afterwards: Tomcat does not swallow megabytes of
			// an
			// unread body.
			response.setHeader("Connection", "close");
			response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
			return;
		}
		if (isJson(request) && (announced > 0 || request.getHeader("Transfer-Encoding") != null)) {
			// JSON is read whole here (at most the limit) and must be valid UTF-8: a
			// decoder would otherwise store U+FFFD in place of the broken bytes.
			byte[] body = new Limited(request, this.max).getInputStream().readNBytes((int) this.max + 1);
			if (body.length > this.max) {
				response.setHeader("Connection", "close");
				response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
				return;
			}
			if (!isUtf8(body)) {
				request.setAttribute(ERROR_CODE, "error.encoding");
				response.sendError(HttpServletResponse.SC_BAD_REQUEST);
				return;
			}
			chain.doFilter(new Cached(request, body), response);
			return;
		}
		if (announced < 0 && request.getHeader("Transfer-Encoding") != null) {
			chain.doFilter(new Limited(request, this.max), response);
			return;
		}
		chain.doFilter(request, response);
	}

	/** Request attribute with the message code for the error dispatch. */
	static final String ERROR_CODE = RequestBodyLimit.class.getName() + ".code";

	private static boolean isJson(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json");
	}

	static boolean isUtf8(byte[] bytes) {
		try {
			java.nio.charset.StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
				.onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes));
			return true;
		}
		catch (java.nio.charset.CharacterCodingException ex) {
			return false;
		}
	}

	private static final class Cached extends HttpServletRequestWrapper {

		private final byte[] body;

		Cached(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			java.io.ByteArrayInputStream in = new java.io.ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body is already read");
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(
					new java.io.InputStreamReader(getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

	/** Thrown while reading a chunked body that grows beyond the limit. */
	static final class TooLarge extends IOException {

		TooLarge() {
			super("request body larger than allowed");
		}

	}

	/** Whether the failure (or one of its causes) is a body over the limit. */
	static boolean isTooLarge(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof TooLarge) {
				return true;
			}
		}
		return false;
	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long max;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long max) {
			super(request);
			this.max = max;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new Counting(super.getInputStream(), this.max);
			}
			return this.stream;
		}

	}

	private static final class Counting extends ServletInputStream {

		private final ServletInputStream in;

		private final long max;

		private long read;

		Counting(ServletInputStream in, long max) {
			this.in = in;
			this.max = max;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws TooLarge {
			this.read += n;
			if (this.read > this.max) {
				throw new TooLarge();
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

	/**
	 * Limits of incoming requests.
	 *
	 * @param maxRequestBody largest request body accepted; larger ones get 413 unread
	 */
	@ConfigurationProperties("forum.web")
	record Settings(@DefaultValue("1MB") DataSize maxRequestBody) {
	}

}
