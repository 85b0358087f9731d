package de.kommunalpakt.forum.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * No page of Tomcat's own, in English, ever reaches a person.
 * <ul>
 * <li>An encoded slash ({@code %2F}) is passed on instead of being refused inside Tomcat,
 * so Spring Security's firewall rejects it and the rejection becomes a 400 that
 * {@link ForumErrorController} answers.</li>
 * <li>What Tomcat refuses before any application code runs (a request line longer than
 * the header buffer, characters not allowed in a URL) is answered by Tomcat's error
 * valve; that valve is given the forum's own German error page, rendered once at
 * start.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

	private static final Logger log = LoggerFactory.getLogger(ContainerErrors.class);

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashToTheFirewall() {
		return (factory) -> factory
			.addConnectorCustomizers((connector) -> connector.setEncodedSolidusHandling("passthrough"));
	}

	@Bean
	RequestRejectedHandler requestRejected() {
		return new HttpStatusRequestRejectedHandler();
	}

	@EventListener
	void giveTomcatTheGermanPage(ApplicationReadyEvent ready) {
		if (!(ready.getApplicationContext() instanceof WebServerApplicationContext web)
				|| !(web.getWebServer() instanceof TomcatWebServer tomcat) || web.getWebServer().getPort() <= 0) {
			return;
		}
		try {
			Path page = Files.createTempFile("forum-error-", ".html");
			page.toFile().deleteOnExit();
			Files.writeString(page, fetchErrorPage(web.getWebServer().getPort()));
			Container host = tomcat.getTomcat().getHost();
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve report) {
					// errorCode.0: the page for every status the valve answers.
					report.setProperty("errorCode.0", page.toString());
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			log.warn("Tomcat keeps its own error page for requests it refuses itself: {}", ex.getMessage());
		}
		catch (InterruptedException ex) {
			java.lang.Thread.currentThread().interrupt();
		}
	}

	/** The error page as the application renders it for a bad request. */
	private static String fetchErrorPage(int port) throws IOException, InterruptedException {
		try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
			HttpResponse<String> response = client.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + port + ForumErrorController.BAD_REQUEST_PAGE))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (!response.body().contains("<html")) {
				throw new IOException("no error page rendered: " + response.statusCode());
			}
			return response.body();
		}
	}

}
