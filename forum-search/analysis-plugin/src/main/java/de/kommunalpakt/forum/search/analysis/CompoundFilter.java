package de.kommunalpakt.forum.search.analysis;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Adds the parts of a compound. Index side ({@code keepWhole}): the word stays, its parts
 * and each run of neighbouring parts follow at the same position ("wohngeldantrag",
 * "wohn", "geld", "antrag", "wohngeld", "geldantrag"), so a query for the whole, for a
 * part or for a shorter compound inside it finds the text. Query side (parts only): the
 * compound is replaced by its parts, one position each, so that all of them can be
 * required ("Wohngeldantrag" finds a thread about "Antrag" and "Wohngeld"). Offsets stay
 * those of the whole word: a highlight marks the word the reader sees.
 */
final class CompoundFilter extends TokenFilter {

	/** Runs of neighbouring parts are added up to this many parts per compound. */
	private static final int MAX_PARTS_FOR_RUNS = 5;

	private final CharTermAttribute termAtt = addAttribute(CharTermAttribute.class);

	private final PositionIncrementAttribute posIncAtt = addAttribute(PositionIncrementAttribute.class);

	private final CompoundSplitter splitter;

	private final boolean keepWhole;

	private final Deque<String> pending = new ArrayDeque<>();

	private State current;

	private int pendingIncrement;

	CompoundFilter(TokenStream input, CompoundSplitter splitter, boolean keepWhole) {
		super(input);
		this.splitter = splitter;
		this.keepWhole = keepWhole;
	}

	@Override
	public boolean incrementToken() throws IOException {
		if (!this.pending.isEmpty()) {
			restoreState(this.current);
			this.termAtt.setEmpty().append(this.pending.poll());
			this.posIncAtt.setPositionIncrement(this.pendingIncrement);
			this.pendingIncrement = this.keepWhole ? 0 : 1;
			return true;
		}
		if (!this.input.incrementToken()) {
			return false;
		}
		List<String> parts = this.splitter.parts(this.termAtt.toString());
		if (parts.isEmpty()) {
			return true;
		}
		if (this.keepWhole) {
			this.pending.addAll(parts);
			if (parts.size() <= MAX_PARTS_FOR_RUNS) {
				this.pending.addAll(runs(parts));
			}
			this.current = captureState();
			this.pendingIncrement = 0;
			return true;
		}
		// Parts only: the first part takes the word's place.
		this.pending.addAll(parts.subList(1, parts.size()));
		this.termAtt.setEmpty().append(parts.get(0));
		this.current = captureState();
		this.pendingIncrement = 1;
		return true;
	}

	/** Every run of two or more neighbouring parts that is shorter than the word. */
	static List<String> runs(List<String> parts) {
		List<String> runs = new ArrayList<>();
		for (int length = 2; length < parts.size(); length++) {
			for (int start = 0; start + length <= parts.size(); start++) {
				runs.add(String.join("", parts.subList(start, start + length)));
			}
		}
		return runs;
	}

	@Override
	public void reset() throws IOException {
		super.reset();
		this.pending.clear();
		this.current = null;
	}

}
