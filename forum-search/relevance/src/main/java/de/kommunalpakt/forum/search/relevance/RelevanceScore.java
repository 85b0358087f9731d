package de.kommunalpakt.forum.search.relevance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Precision@3, mean reciprocal rank and the share of queries that found nothing, over the
 * queries {@link #add added} so far, and the targets.
 * <ul>
 * <li>precision@3 of a query: the relevant threads among the first three, divided by the
 * number of relevant threads (at most three);</li>
 * <li>reciprocal rank: 1 / the rank of the first relevant thread, 0 when none is
 * found;</li>
 * <li>each averaged over all queries; a query that found nothing counts 0 in both.</li>
 * </ul>
 */
public final class RelevanceScore {

	/** Target: precision@3 at least this. */
	public static final double MIN_PRECISION_AT_3 = 0.9;

	/** Target: at most this share of queries without a result. */
	public static final double MAX_ZERO_RESULT_SHARE = 0.02;

	private final List<Outcome> outcomes = new ArrayList<>();

	/**
	 * Scores one query.
	 * @param query the query's text
	 * @param found the thread ids the search found, best first
	 * @param relevant the ids of the threads that answer the query
	 * @return the query's outcome
	 */
	public Outcome add(String query, List<String> found, Collection<String> relevant) {
		long inTop3 = found.stream().limit(3).filter(relevant::contains).count();
		double reciprocalRank = 0;
		for (int rank = 0; rank < found.size(); rank++) {
			if (relevant.contains(found.get(rank))) {
				reciprocalRank = 1.0 / (rank + 1);
				break;
			}
		}
		Outcome outcome = new Outcome(query, List.copyOf(found.subList(0, Math.min(3, found.size()))), found.isEmpty(),
				(double) inTop3 / Math.min(3, relevant.size()), reciprocalRank);
		this.outcomes.add(outcome);
		return outcome;
	}

	public List<Outcome> outcomes() {
		return List.copyOf(this.outcomes);
	}

	public int queries() {
		return this.outcomes.size();
	}

	public double precisionAt3() {
		return this.outcomes.stream().mapToDouble(Outcome::precisionAt3).average().orElse(0);
	}

	public double meanReciprocalRank() {
		return this.outcomes.stream().mapToDouble(Outcome::reciprocalRank).average().orElse(0);
	}

	public int zeroResults() {
		return (int) this.outcomes.stream().filter(Outcome::zeroResults).count();
	}

	public double zeroResultShare() {
		return this.outcomes.isEmpty() ? 0 : (double) zeroResults() / this.outcomes.size();
	}

	public boolean precisionMet() {
		return precisionAt3() >= MIN_PRECISION_AT_3;
	}

	public boolean zeroResultsMet() {
		return zeroResultShare() <= MAX_ZERO_RESULT_SHARE;
	}

	/** One line: precision@3, MRR and the queries without a result. */
	public String summary() {
		return String.format(Locale.ROOT, "precision@3 %.3f, MRR %.3f, ohne Treffer %d von %d (%.1f %%)",
				precisionAt3(), meanReciprocalRank(), zeroResults(), queries(), zeroResultShare() * 100);
	}

	/** The rows of a Markdown table (Messung | Wert | Ziel | erreicht), with its head. */
	public String table(int threads) {
		return String.join("\n", "| Relevanz | Wert | Ziel | Ergebnis |", "|---|---|---|---|",
				String.format(Locale.ROOT, "| Anfragen / Themen | %d / %d | – | – |", queries(), threads),
				String.format(Locale.ROOT, "| Precision@3 | %.3f | ≥ %.2f | %s |", precisionAt3(), MIN_PRECISION_AT_3,
						met(precisionMet())),
				String.format(Locale.ROOT,
						"| MRR (mittlerer Kehrwert des Rangs des ersten relevanten Themas) | %.3f | – | – |",
						meanReciprocalRank()),
				String.format(Locale.ROOT, "| Anfragen ohne Treffer | %d (%.1f %%) | ≤ %.0f %% | %s |", zeroResults(),
						zeroResultShare() * 100, MAX_ZERO_RESULT_SHARE * 100, met(zeroResultsMet())));
	}

	private static String met(boolean met) {
		return met ? "erreicht" : "**nicht erreicht**";
	}

	/**
	 * One query's outcome.
	 *
	 * @param query the query's text
	 * @param top3 the ids of the first three threads found
	 * @param zeroResults whether the search found nothing
	 * @param precisionAt3 the relevant threads among the first three, divided by the
	 * number of relevant threads (at most three)
	 * @param reciprocalRank 1 / the rank of the first relevant thread, 0 if none was
	 * found
	 */
	public record Outcome(String query, List<String> top3, boolean zeroResults, double precisionAt3,
			double reciprocalRank) {

		public boolean relevantInTop3() {
			return this.precisionAt3 > 0;
		}

	}

}
