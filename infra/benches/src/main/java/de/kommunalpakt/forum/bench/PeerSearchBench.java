package de.kommunalpakt.forum.bench;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ./forum bench-search --corpus=peer}: the shape of the side-by-side measurement
 * against NodeBB in issue 13 — 500 threads × 11 posts of German administrative text (the
 * varied corpus), eight one-word queries in rotation, 16 connections, the API's answer
 * with facets and highlighting as the page shows them.
 */
final class PeerSearchBench {

	static final int THREADS = 500;

	static final int POSTS_PER_THREAD = 11;

	static final int CONNECTIONS = 16;

	/** One word each, all of them words of the varied corpus. */
	static final List<String> QUERIES = List.of("Wohngeld", "Elterngeld", "Hersteller", "Nachnutzung", "Beitritt",
			"Schnittstelle", "Einbürgerung", "Gemeinderat");

	private PeerSearchBench() {
	}

	static boolean requested(String[] args) {
		return Arrays.asList(args).contains("--corpus=peer");
	}

}
