package de.kommunalpakt.forum.search.relevance;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The arithmetic behind the relevance figures of GermanRelevanceTests and bench-search.
 */
class RelevanceScoreTests {

	@Test
	void relevantThreadAtRankTwoCountsInTheTopThreeWithReciprocalRankOneHalf() {
		RelevanceScore.Outcome outcome = new RelevanceScore().add("Antrag Wohngeld", List.of("a", "wohngeld", "b"),
				List.of("wohngeld"));
		assertThat(outcome.reciprocalRank()).isEqualTo(0.5);
		assertThat(outcome.precisionAt3()).isEqualTo(1.0);
		assertThat(outcome.relevantInTop3()).isTrue();
	}

	@Test
	void relevantThreadAtRankFourIsNoHitInTheTopThreeButStillHasAReciprocalRank() {
		RelevanceScore.Outcome outcome = new RelevanceScore().add("Bauaufsicht", List.of("a", "b", "c", "bau"),
				List.of("bau"));
		assertThat(outcome.precisionAt3()).isZero();
		assertThat(outcome.relevantInTop3()).isFalse();
		assertThat(outcome.reciprocalRank()).isEqualTo(0.25);
		assertThat(outcome.top3()).containsExactly("a", "b", "c");
	}

	@Test
	void precisionDividesByTheRelevantThreadsButAtMostThree() {
		RelevanceScore score = new RelevanceScore();
		assertThat(score.add("zwei", List.of("x", "a", "b", "y"), List.of("x", "y")).precisionAt3()).isEqualTo(0.5);
		assertThat(score.add("vier", List.of("p", "q", "r"), List.of("p", "q", "r", "s")).precisionAt3())
			.isEqualTo(1.0);
	}

	@Test
	void emptyResultCountsZeroEverywhereAndAsAQueryWithoutResult() {
		RelevanceScore score = new RelevanceScore();
		score.add("gefunden", List.of("t"), List.of("t"));
		RelevanceScore.Outcome empty = score.add("Gebuehren Wohngeld", List.of(), List.of("t"));
		assertThat(empty.zeroResults()).isTrue();
		assertThat(empty.reciprocalRank()).isZero();
		assertThat(score.precisionAt3()).isEqualTo(0.5);
		assertThat(score.meanReciprocalRank()).isEqualTo(0.5);
		assertThat(score.zeroResults()).isEqualTo(1);
		assertThat(score.zeroResultShare()).isEqualTo(0.5);
	}

	@Test
	void wrongThreadsFoundAreNoZeroResultButScoreNothing() {
		RelevanceScore score = new RelevanceScore();
		score.add("daneben", List.of("a", "b"), List.of("t"));
		assertThat(score.zeroResults()).isZero();
		assertThat(score.meanReciprocalRank()).isZero();
	}

	@Test
	void targetsAreMetAtTheirBoundsAndMissedJustBeyond() {
		RelevanceScore met = scoreOf(45, 5, 1);
		assertThat(met.precisionAt3()).isCloseTo(0.9, within(1e-12));
		assertThat(met.zeroResultShare()).isEqualTo(0.02);
		assertThat(met.precisionMet()).isTrue();
		assertThat(met.zeroResultsMet()).isTrue();
		assertThat(met.table(30)).contains("| Anfragen / Themen | 50 / 30 |")
			.contains("| Precision@3 | 0.900 | ≥ 0.90 | erreicht |")
			.contains("| Anfragen ohne Treffer | 1 (2.0 %) | ≤ 2 % | erreicht |");
		RelevanceScore missed = scoreOf(44, 6, 2);
		assertThat(missed.precisionMet()).isFalse();
		assertThat(missed.zeroResultsMet()).isFalse();
		assertThat(missed.table(30)).contains("| Precision@3 | 0.880 | ≥ 0.90 | **nicht erreicht** |")
			.contains("| Anfragen ohne Treffer | 2 (4.0 %) | ≤ 2 % | **nicht erreicht** |");
	}

	/**
	 * {@code hits} queries find their thread first, {@code misses} do not, of which
	 * {@code empty} find nothing.
	 */
	private static RelevanceScore scoreOf(int hits, int misses, int empty) {
		RelevanceScore score = new RelevanceScore();
		for (int i = 0; i < hits; i++) {
			score.add("treffer " + i, List.of("t", "u"), List.of("t"));
		}
		for (int i = 0; i < misses; i++) {
			score.add("fehlt " + i, (i < empty) ? Collections.emptyList() : List.of("u"), List.of("t"));
		}
		return score;
	}

}
