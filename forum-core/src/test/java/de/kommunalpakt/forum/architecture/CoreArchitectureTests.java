package de.kommunalpakt.forum.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shape of forum-core, checked on every build. */
class CoreArchitectureTests {

	static JavaClasses core;

	@BeforeAll
	static void importCore() {
		// Any build folder name (see forum.build.dir): leave out every test-classes
		// location.
		core = new ClassFileImporter().withImportOption((location) -> !location.contains("/test-classes/"))
			.importPackages("de.kommunalpakt.forum");
	}

	@Test
	void coreKnowsNothingOfWebSearchOrWebSockets() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("co.elastic..", "org.elasticsearch..", "org.springframework.web..",
					"org.springframework.messaging..", "jakarta.servlet..", "de.kommunalpakt.forum.search..", "..web..",
					"..api..", "..live..")
			.because("forum-core is the domain and its persistence; web, search and live updates depend on it, "
					+ "never the other way round")
			.check(core);
	}

	@Test
	void mongoTypesStayInMappingPackages() {
		noClasses().that()
			.resideOutsideOfPackages("..mongo..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("com.mongodb..", "org.bson..")
			.because("domain classes must not know the document shape; the mapping lives in one place per feature")
			.check(core);
	}

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("de.kommunalpakt.forum.(*)..")
			.should()
			.beFreeOfCycles()
			.because("features depend on each other in one direction only")
			.check(core);
	}

}
