package de.kommunalpakt.forum.reusemodel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import de.kommunalpakt.forum.changes.ChangeKind;
import de.kommunalpakt.forum.changes.ChangeLog;
import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.efaservice.EfaServiceRepository;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.shared.ForumException;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.support.MongoTestDatabase;
import de.kommunalpakt.forum.support.ReuseFixture;
import de.kommunalpakt.forum.support.TestActors;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reuse models through the real driver and the wire protocol. */
class ReuseModelPersistenceTests {

	static MongoTestDatabase mongo;

	ReuseFixture core;

	ReuseModelService models;

	ReuseModelRepository repository;

	final Actor hessen = TestActors.land();

	@BeforeAll
	static void startMongo() {
		mongo = new MongoTestDatabase();
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@BeforeEach
	void wire() {
		this.core = new ReuseFixture(mongo.client(), "reuse-" + System.nanoTime(),
				Instant.parse("2023-10-01T10:00:00Z"));
		this.models = this.core.get(ReuseModelService.class);
		this.repository = this.core.get(ReuseModelRepository.class);
		EfaServiceRepository services = this.core.get(EfaServiceRepository.class);
		services.save(new EfaService(new EfaServiceId("wohngeld"), "Wohngeld", "Bauen & Wohnen", LandCode.SH, ""));
		services.save(new EfaService(new EfaServiceId("ummeldung"), "Ummeldung", "Umzug", LandCode.HH, ""));
	}

	@AfterEach
	void close() {
		this.core.close();
	}

	@Test
	void firstSaveStoresModelVersionSpaceAndDiscussionThread() {
		ReuseModel saved = this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("PUBLISHED"));
		assertThat(saved.version()).isEqualTo(1);
		ReuseModel loaded = this.models.find(TestActors.kommune(), LandCode.HE).orElseThrow();
		assertThat(loaded.profile()).isEqualTo(saved.profile());
		assertThat(loaded.thread()).isNotNull();
		assertThat(this.core.get(SpaceRepository.class).findById(ReuseModelService.SPACE)).isPresent();
		Thread thread = this.core.get(ThreadService.class).get(TestActors.kommune(), loaded.thread());
		assertThat(thread.lands()).containsExactly(LandCode.HE);
		assertThat(this.models.versions(TestActors.kommune(), LandCode.HE)).hasSize(1);
		assertThat(this.core.get(ChangeLog.class).after(null, 100)).extracting((c) -> c.kind())
			.contains(ChangeKind.THREAD_STARTED, ChangeKind.REUSE_MODEL_CHANGED);
	}

	@Test
	void everyChangeKeepsAVersionWithItsChangedFields() {
		this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("PUBLISHED"));
		EditReuseModel e = ReuseModelTests.complete("UNDER_REVISION");
		this.models.save(this.hessen, LandCode.HE,
				new EditReuseModel(e.name(), "ekom21 – KGRZ Hessen", e.legalRoute(), e.legalRouteNote(), e.toSign(),
						e.oneOffPayer(), e.oneOffNote(), e.runningPayer(), e.runningNote(), e.onboardingSteps(),
						e.typicalDuration(), e.prerequisites(), List.of("wohngeld", "ummeldung"), e.contactNames(),
						e.contactRoles(), e.contactEmails(), e.contactPhones(), e.lastReview(), e.status(), 1L));
		List<ReuseModelVersion> versions = this.models.versions(TestActors.kommune(), LandCode.HE);
		assertThat(versions).extracting(ReuseModelVersion::number).containsExactly(2L, 1L);
		assertThat(versions.get(0).changedFields()).containsExactly("status", "operator", "services");
		assertThat(versions.get(0).authorName()).isEqualTo("Dr. Petra Schulz");
		var comparison = this.models.version(TestActors.kommune(), LandCode.HE, 2);
		assertThat(comparison.previous().number()).isEqualTo(1);
		assertThat(comparison.changes()).hasSize(3);
		assertThat(this.models.servicesFor(LandCode.HE)).extracting(EfaService::name)
			.containsExactly("Wohngeld", "Ummeldung");
		assertThat(this.models.offeringLands().get(new EfaServiceId("ummeldung"))).containsExactly(LandCode.HE);
	}

	/**
	 * An edit read the model before its discussion thread was linked (another editor's
	 * first save links it; the link does not change the version): saving it keeps the
	 * link.
	 */
	@Test
	void anEditReadBeforeTheThreadWasLinkedKeepsTheLink() {
		ReuseModel saved = this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("PUBLISHED"));
		ReuseModel read = this.repository.findByLand(LandCode.HE).orElseThrow().withThread(null);
		assertThat(read.thread()).isNull();
		assertThat(this.repository.update(read.version(), read)).isTrue();
		assertThat(this.repository.findByLand(LandCode.HE).orElseThrow().thread()).isEqualTo(saved.thread())
			.isNotNull();
	}

	@Test
	void staleEditIsRefusedAndLosesNothing() {
		this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("PUBLISHED"));
		EditReuseModel e = ReuseModelTests.complete("PUBLISHED");
		EditReuseModel fromVersionZero = new EditReuseModel("Anderer Name", e.operator(), e.legalRoute(),
				e.legalRouteNote(), e.toSign(), e.oneOffPayer(), e.oneOffNote(), e.runningPayer(), e.runningNote(),
				e.onboardingSteps(), e.typicalDuration(), e.prerequisites(), e.services(), e.contactNames(),
				e.contactRoles(), e.contactEmails(), e.contactPhones(), e.lastReview(), e.status(), 0L);
		assertThatThrownBy(() -> this.models.save(this.hessen, LandCode.HE, fromVersionZero))
			.isInstanceOf(ForumException.Conflict.class);
		assertThat(this.models.find(this.hessen, LandCode.HE).orElseThrow().profile().name())
			.isEqualTo("civento-Modell Hessen");
	}

	@Test
	void concurrentEditsOfTheSameVersionLetExactlyOneWin() throws Exception {
		this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("PUBLISHED"));
		EditReuseModel e = ReuseModelTests.complete("PUBLISHED");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		// Several rounds: a loser may roll the winner's stored version forward before the
		// winner moves the model itself; the winner must still win.
		for (long round = 1; round <= 8; round++) {
			long expected = round;
			List<Future<ReuseModel>> results = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				String name = "Name " + round + "." + i;
				Callable<ReuseModel> edit = () -> this.models.save(this.hessen, LandCode.HE,
						new EditReuseModel(name, e.operator(), e.legalRoute(), e.legalRouteNote(), e.toSign(),
								e.oneOffPayer(), e.oneOffNote(), e.runningPayer(), e.runningNote(), e.onboardingSteps(),
								e.typicalDuration(), e.prerequisites(), e.services(), e.contactNames(),
								e.contactRoles(), e.contactEmails(), e.contactPhones(), e.lastReview(), e.status(),
								expected));
				results.add(pool.submit(edit));
			}
			List<ReuseModel> won = new ArrayList<>();
			for (Future<ReuseModel> r : results) {
				try {
					won.add(r.get());
				}
				catch (java.util.concurrent.ExecutionException ex) {
					assertThat(ex.getCause()).isInstanceOf(ForumException.Conflict.class);
				}
			}
			assertThat(won).as("round %d", round).hasSize(1);
			ReuseModel model = this.models.find(this.hessen, LandCode.HE).orElseThrow();
			assertThat(model.version()).isEqualTo(round + 1);
			assertThat(model.profile()).isEqualTo(won.get(0).profile());
			assertThat(this.repository.findVersion(LandCode.HE, round + 1).orElseThrow().profile())
				.isEqualTo(model.profile());
		}
		pool.shutdown();
	}

	@Test
	void editWinsWhenALoserRollsItsStoredVersionForwardFirst() {
		this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("PUBLISHED"));
		// The winner has stored version 2; before it moves the model, a loser of the same
		// race rolls the model forward to that version (what the flaky run showed).
		ReuseModelRepository racing = (ReuseModelRepository) java.lang.reflect.Proxy.newProxyInstance(
				getClass().getClassLoader(), new Class<?>[] { ReuseModelRepository.class }, (proxy, method, args) -> {
					if (method.getName().equals("update")) {
						this.models.rollForward(LandCode.HE);
					}
					try {
						return method.invoke(this.repository, args);
					}
					catch (java.lang.reflect.InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		ReuseModelService winner = new ReuseModelService(racing,
				this.core.get(de.kommunalpakt.forum.efaservice.EfaServiceCatalogue.class),
				this.core.get(ThreadService.class), this.core.get(SpaceRepository.class),
				this.core.get(de.kommunalpakt.forum.changes.ChangePublisher.class), this.core.context,
				this.core.context, this.core.clock);
		EditReuseModel e = ReuseModelTests.complete("UNDER_REVISION");

		ReuseModel saved = winner.save(this.hessen, LandCode.HE, e);

		assertThat(saved.version()).isEqualTo(2);
		assertThat(saved.profile().status()).isEqualTo(ModelStatus.UNDER_REVISION);
		assertThat(this.models.find(this.hessen, LandCode.HE).orElseThrow().profile()).isEqualTo(saved.profile());
	}

	@Test
	void versionStoredBeforeACrashIsRolledForward() {
		ReuseModel first = this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("PUBLISHED"));
		// A crash after writing version 2 but before moving the model to it:
		ReuseModel next = first.edit(first.profile().withStatus(ModelStatus.UNDER_REVISION), this.hessen,
				Instant.parse("2023-10-02T10:00:00Z"));
		this.repository.insertVersion(ReuseModelVersion.of(next, first.profile()));
		assertThat(this.models.find(this.hessen, LandCode.HE).orElseThrow().version()).isEqualTo(1);

		assertThatThrownBy(() -> this.models.save(this.hessen, LandCode.HE, ReuseModelTests.complete("UNDER_REVISION")))
			.isInstanceOf(ForumException.Conflict.class);
		ReuseModel repaired = this.models.find(this.hessen, LandCode.HE).orElseThrow();
		assertThat(repaired.version()).isEqualTo(2);
		assertThat(repaired.status()).isEqualTo(ModelStatus.UNDER_REVISION);
	}

	@Test
	void draftIsHiddenFromOtherLaenderAndMunicipalities() {
		EditReuseModel e = ReuseModelTests.complete("DRAFT");
		this.models.save(this.hessen, LandCode.HE, e);
		assertThat(this.models.find(TestActors.kommune(), LandCode.HE)).isEmpty();
		assertThat(this.models.find(TestActors.moderator(), LandCode.HE)).isPresent();
		assertThat(this.models.compare(TestActors.kommune(), ModelFilter.none())).hasSize(16)
			.allSatisfy((row) -> assertThat(row.hasModel()).isFalse());
		assertThat(this.models.compare(this.hessen, ModelFilter.none()).get(LandCode.HE.ordinal()).draft()).isTrue();
		assertThat(this.models.servicesFor(LandCode.HE)).isEmpty();
		assertThatThrownBy(() -> this.models.versions(TestActors.kommune(), LandCode.HE))
			.isInstanceOf(ForumException.NotFound.class);
	}

	@Test
	void otherLandCannotEdit() {
		assertThatThrownBy(
				() -> this.models.save(TestActors.otherKommune(), LandCode.HE, ReuseModelTests.complete("PUBLISHED")))
			.isInstanceOf(ForumException.Forbidden.class);
		assertThat(this.repository.findAll()).isEmpty();
	}

}
