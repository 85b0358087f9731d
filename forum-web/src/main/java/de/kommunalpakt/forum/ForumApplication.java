package de.kommunalpakt.forum;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Forum Kommunalpakt: pages, REST API and live updates on forum-core and forum-search.
 * This is the production entry point; every address comes from the environment and
 * profiles are chosen the usual Spring way ({@code SPRING_PROFILES_ACTIVE}). The local
 * stack of {@code ./forum start} is a separate launcher (infra/launcher).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ForumApplication {

	public static void main(String[] args) {
		SpringApplication.run(ForumApplication.class, args);
	}

}
