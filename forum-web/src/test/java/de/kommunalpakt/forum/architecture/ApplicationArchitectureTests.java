package de.kommunalpakt.forum.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the whole application (forum-core, forum-search, forum-web, launchers).
 */
class ApplicationArchitectureTests {

	static JavaClasses application;

	@BeforeAll
	static void importApplication() {
		application = new ClassFileImporter().withImportOption((location) -> !location.contains("/test-classes/"))
			.importPackages("de.kommunalpakt.forum");
	}

	@Test
	void featuresHaveNoCycles() {
		slices().matching("de.kommunalpakt.forum.(*)..")
			.should()
			.beFreeOfCycles()
			.because("features depend on each other in one direction only")
			.check(application);
	}

	@Test
	void domainKnowsNothingOfWebOrSecurity() {
		noClasses().that()
			.resideInAnyPackage("de.kommunalpakt.forum.thread", "de.kommunalpakt.forum.space",
					"de.kommunalpakt.forum.member", "de.kommunalpakt.forum.organisation",
					"de.kommunalpakt.forum.changes", "de.kommunalpakt.forum.shared")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..web..", "..api..", "de.kommunalpakt.forum.security..", "org.springframework.web..",
					"org.springframework.security..")
			.because("the domain is the same for pages, API and live updates")
			.check(application);
	}

	@Test
	void adaptersDoNotReachIntoMongoMappings() {
		noClasses().that()
			.resideInAnyPackage("..web..", "..api..", "de.kommunalpakt.forum.security..", "..demo..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("..mongo..", "com.mongodb..", "org.bson..")
			.because("pages and API use repositories and services, never documents")
			.check(application);
	}

	@Test
	void noVirtualThreads() {
		noClasses().should()
			.callMethod(Thread.class, "ofVirtual")
			.orShould()
			.callMethod(Thread.class, "startVirtualThread", Runnable.class)
			.orShould()
			.callMethod(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor")
			.because("on two cores virtual threads loading classes can hold both carriers while the thread "
					+ "they wait for has none; the forum hung that way twice (see spring.threads.virtual)")
			.check(application);
	}

}
