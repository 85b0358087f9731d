package de.kommunalpakt.forum.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.shared.Markdown;
import de.kommunalpakt.forum.shared.MarkdownRenderer;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.thread.Post;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.Tags;
import de.kommunalpakt.forum.thread.Thread;
import de.kommunalpakt.forum.thread.ThreadId;
import de.kommunalpakt.forum.thread.ThreadState;
import de.kommunalpakt.forum.thread.ThreadType;

/**
 * The benches' threads and posts. {@code varied} (the default) writes what a forum of
 * reuse questions holds: each thread is about one of 20 EfA services and one of 12
 * subjects, its posts are sentences of that conversation (now and then about another
 * subject or service, a quarter small talk), written by 12 members of Kommunen, Länder,
 * FITKO and the KSpV in all 16 Länder; the same seed gives the same corpus.
 * {@code uniform} gives every post the same text and every thread nearly the same title,
 * so every query matches every thread: the search's worst case, not a forum.
 */
final class BenchCorpus {

	private static final List<String> SERVICES = List.of("Wohngeld", "Elterngeld", "Kfz-Zulassung", "Gewerbeanmeldung",
			"Baugenehmigung", "Führerscheinantrag", "Hundesteuer", "Bewohnerparkausweis", "Meldebescheinigung",
			"Unterhaltsvorschuss", "BAföG", "Einbürgerung", "Eheschließung", "Aufenthaltstitel",
			"Sondernutzungserlaubnis", "Gaststättenerlaubnis", "Fischereischein", "Wohnberechtigungsschein",
			"Kita-Platz", "Schwerbehindertenausweis");

	private static final List<String> PROCEDURES = List.of("OK.VERKEHR", "VOIS|MESO", "Prosoz 14plus", "OK.EWO",
			"i-Kfz", "das Fachverfahren des Kreises", "AKDB OK.FIS", "LISSA");

	private static final List<String> MONTHS = List.of("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
			"August", "September", "Oktober", "November", "Dezember");

	/**
	 * A thread's subject: its title after the service, its tag, what is said about it.
	 */
	private record Subject(String title, String tag, List<String> sentences) {
	}

	/**
	 * {S} in a sentence stands for the service, {F} a procedure, {L} a Land, {M} a month,
	 * {N} a number.
	 */
	private static final List<Subject> SUBJECTS = List.of(new Subject("Wie läuft der Beitritt zur Nachnutzung?",
			"beitritt",
			List.of("Für den Beitritt reicht bei uns eine Beitrittserklärung, ein eigener Vertrag war nicht nötig.",
					"Das Land {L} hat einen Musterbeschluss für den Gemeinderat bereitgestellt.",
					"Wie lange hat bei euch der Beitritt zur Nachnutzung von {S} gedauert?",
					"Nach der Beitrittserklärung kam die Freischaltung innerhalb von {N} Tagen.")),
			new Subject("Welche Kosten kommen auf die Kommune zu?", "kosten", List.of(
					"Die Kosten für {S} werden nach dem Königsteiner Schlüssel verteilt.",
					"Die Kommunen in {L} bekommen die Betriebskosten im ersten Jahr erstattet.",
					"Wir zahlen {N} Cent je Einwohner und Jahr für den Betrieb.",
					"Einmalige Einführungskosten fielen bei uns nicht an, nur die Anpassung der Schnittstelle.")),
			new Subject("Anbindung an das Fachverfahren", "fachverfahren",
					List.of("Die Anbindung an {F} lief über FIT-Connect und hat etwa {N} Wochen gedauert.",
							"Der Hersteller von {F} hat die Schnittstelle erst nach mehreren Nachfragen geliefert.",
							"Die XÖV-Nachrichten kommen vollständig in {F} an.",
							"Die Bescheide erstellen wir weiterhin in {F}, nur der Antrag kommt online.")),
			new Subject("Erfahrungen aus dem Pilotbetrieb", "pilot",
					List.of("Im Pilotbetrieb kamen {N} Anträge pro Woche online an.",
							"Als Pilotkommune haben wir {S} seit {M} im Echtbetrieb.",
							"Die Rückmeldungen der Bürgerinnen und Bürger im Pilotbetrieb waren überwiegend positiv.",
							"Nach {N} Wochen Pilotbetrieb haben wir zwei Fehler im Formular gemeldet.")),
			new Subject("Rahmenvereinbarung oder eigener Vertrag?", "vertrag", List.of(
					"Unsere Rahmenvereinbarung mit {L} deckt {S} bereits ab.",
					"Die Nachnutzungsvereinbarung für {S} liegt bei unserem Rechtsamt zur Prüfung.",
					"Ein eigener Vertrag mit dem Betreiber war bei uns nicht nötig, die Rahmenvereinbarung genügt.",
					"Vergaberechtlich haben wir die Nachnutzung als Inhouse-Geschäft bewertet.")),
			new Subject("Datenschutz und Auftragsverarbeitung", "datenschutz",
					List.of("Bei uns fehlt noch die Vereinbarung zur Auftragsverarbeitung mit dem Betreiber.",
							"Der Datenschutzbeauftragte wollte das Verzeichnis der Verarbeitungstätigkeiten sehen.",
							"Die Datenschutz-Folgenabschätzung hat das Land {L} für alle Kommunen erstellt.",
							"Die Löschfristen für Anträge zu {S} sind im Betriebskonzept geregelt.")),
			new Subject("Gebühren über ePayBL", "epaybl",
					List.of("Die Gebühren für {S} zahlen die Antragstellenden über ePayBL.",
							"Für ePayBL brauchten wir einen eigenen Mandanten bei der Landeshauptkasse.",
							"Die Zahlungen aus ePayBL landen taggenau in unserer Finanzsoftware.",
							"Kann man die Gebühr auch nachträglich per Rechnung erheben?")),
			new Subject("Schulung der Sachbearbeitung", "schulung",
					List.of("Die Schulung der Sachbearbeitung hat einen halben Tag gedauert.",
							"Der Betreiber bietet jeden {M} eine Online-Schulung für neue Kommunen an.",
							"Wir haben eine Kurzanleitung für die Sachbearbeitung geschrieben und teilen sie gern.",
							"Nach der Schulung kamen kaum noch Rückfragen aus den Bürgerbüros.")),
			new Subject("Rollout im Landkreis planen", "rollout",
					List.of("Im Landkreis nutzen inzwischen {N} Gemeinden {S}.",
							"Wir planen den Rollout von {S} im {M} für alle kreisangehörigen Gemeinden.",
							"Der Kreis übernimmt die Koordination, die Gemeinden treten einzeln bei.",
							"Für den Rollout haben wir einen Zeitplan mit drei Wellen aufgestellt.")),
			new Subject("Fehlermeldungen bei FIT-Connect", "fit-connect",
					List.of("Die Fehlermeldung tritt nur auf, wenn Anhänge größer als {N} MB sind.",
							"Seit dem letzten Update von FIT-Connect kommen die Zustellungen doppelt an.",
							"Das Zertifikat für FIT-Connect war abgelaufen, danach lief es wieder.",
							"Im Testsystem von FIT-Connect klappt es, in der Produktion nicht.")),
			new Subject("Wer nutzt den Dienst schon nach?", "nachnutzung",
					List.of("Wer nutzt {S} schon nach und kann von seinen Erfahrungen berichten?",
							"In {L} nutzen bereits {N} Kommunen den Onlinedienst nach.",
							"Eine Übersicht der nachnutzenden Kommunen führt der Betreiber.",
							"Wir sind seit {M} dabei und würden es wieder so machen.")),
			new Subject("Anpassungen am Antragsformular", "formular",
					List.of("Können wir das Antragsformular für {S} an unsere Satzung anpassen?",
							"Änderungen am Formular gehen über das Änderungsmanagement des Landes {L}.",
							"Eigene Hinweistexte im Formular sind möglich, eigene Felder nicht.",
							"Die Pflichtfelder im Formular wurden zum {M} überarbeitet.")));

	/** Said in any thread. */
	private static final List<String> GENERAL_SENTENCES = List.of("Danke für die schnelle Antwort.",
			"Bei uns ist es genauso.", "Wir melden uns, sobald wir mehr wissen.",
			"Gibt es dazu schon eine Empfehlung des Landes {L}?", "Das deckt sich mit unseren Erfahrungen.",
			"Können Sie die Unterlagen hier teilen?", "Tipp: früh mit dem Hersteller sprechen.",
			"Wir warten noch auf die Freigabe durch unseren IT-Dienstleister.",
			"Das Thema steht auch auf der Tagesordnung der nächsten Länderrunde.");

	private record Author(String id, String name, String username, String organisationId, String organisation,
			OrganisationKind kind) {
	}

	private static final List<Author> AUTHORS = List.of(
			new Author("bench-darmstadt", "Anna Becker", "darmstadt", "kommune-darmstadt",
					"Wissenschaftsstadt Darmstadt", OrganisationKind.KOMMUNE),
			new Author("bench-koeln", "Jonas Weber", "koeln", "kommune-koeln", "Stadt Köln", OrganisationKind.KOMMUNE),
			new Author("bench-leipzig", "Miriam Hoffmann", "leipzig", "kommune-leipzig", "Stadt Leipzig",
					OrganisationKind.KOMMUNE),
			new Author("bench-kreis-gi", "Thomas Schäfer", "kreis-giessen", "kommune-kreis-giessen", "Landkreis Gießen",
					OrganisationKind.KOMMUNE),
			new Author("bench-rostock", "Lena Krüger", "rostock", "kommune-rostock", "Hansestadt Rostock",
					OrganisationKind.KOMMUNE),
			new Author("bench-freiburg", "Paul Wagner", "freiburg", "kommune-freiburg", "Stadt Freiburg im Breisgau",
					OrganisationKind.KOMMUNE),
			new Author("bench-hessen", "Petra Schulz", "hessen", "land-he", "Hessisches Digitalministerium",
					OrganisationKind.LAND),
			new Author("bench-bayern", "Stefan Huber", "bayern", "land-by",
					"Bayerisches Staatsministerium für Digitales", OrganisationKind.LAND),
			new Author("bench-nrw", "Sabine Koch", "nrw", "land-nw", "Ministerium für Heimat und Digitales NRW",
					OrganisationKind.LAND),
			new Author("bench-fitko", "Daniel Richter", "fitko", "fitko", "FITKO", OrganisationKind.FITKO),
			new Author("bench-dstgb", "Claudia Neumann", "dstgb", "kspv-dstgb", "Deutscher Städte- und Gemeindebund",
					OrganisationKind.KSPV),
			new Author("bench-ekom21", "Markus Braun", "ekom21", "itdl-ekom21", "ekom21",
					OrganisationKind.IT_DIENSTLEISTER));

	private static final String UNIFORM_TEXT = """
			Wir haben die **Rahmenvereinbarung** unterschrieben und rufen jetzt die Leistungen einzeln ab.

			- Wohngeld seit März live
			- Gewerbeanmeldung folgt, sobald das Fachverfahren über FIT-Connect angebunden ist

			> Tipp: früh mit dem Hersteller sprechen.""";

	private final boolean uniform;

	private final long seed;

	private final MarkdownRenderer renderer = new MarkdownRenderer();

	private final Post uniformTemplate;

	private BenchCorpus(boolean uniform, long seed) {
		this.uniform = uniform;
		this.seed = seed;
		Markdown text = new Markdown(UNIFORM_TEXT);
		this.uniformTemplate = new Post(new PostId(ThreadId.random(), 1), new MemberId("bench-author"), "Anna Becker",
				"darmstadt", new OrganisationId("kommune-darmstadt"), "Wissenschaftsstadt Darmstadt",
				OrganisationKind.KOMMUNE, text, this.renderer.render(text), Instant.EPOCH, null, null, 0, null,
				Set.of());
	}

	/** {@code --corpus=uniform} or {@code --corpus=varied} (default). */
	static BenchCorpus fromArgs(String[] args) {
		boolean uniform = java.util.Arrays.asList(args).contains("--corpus=uniform");
		return new BenchCorpus(uniform, 20261129L);
	}

	boolean isUniform() {
		return this.uniform;
	}

	String description() {
		return this.uniform ? "einheitlich (jeder Beitrag gleich, jede Suche trifft jedes Thema)"
				: "abwechslungsreich (20 EfA-Leistungen × 12 Anliegen mit je eigenen Sätzen, 12 Mitglieder in 16 Ländern)";
	}

	/** The service thread {@code t} is about (varied corpus). */
	private static String serviceOf(int t) {
		return SERVICES.get(t % SERVICES.size());
	}

	/** The subject thread {@code t} is about (varied corpus). */
	private static Subject subjectOf(int t) {
		return SUBJECTS.get((t / SERVICES.size()) % SUBJECTS.size());
	}

	private Random random(int t, int n) {
		return new Random(this.seed * 1_000_003L + t * 1_009L + n);
	}

	Thread thread(int t, ThreadId id, SpaceId space, int posts, Instant now) {
		if (this.uniform) {
			return new Thread(id, space, ThreadType.QUESTION,
					"Lastmessung Thema " + t + ": Nachnutzung der EfA-Leistung Wohngeld", Set.of("wohngeld"),
					Set.of(LandCode.HE), new MemberId("bench-author"), "Anna Becker",
					new OrganisationId("kommune-darmstadt"), OrganisationKind.KOMMUNE, now, now, "Petra Schulz", posts,
					ThreadState.OPEN, false, null, posts);
		}
		Random random = random(t, 0);
		String service = serviceOf(t);
		Subject subject = subjectOf(t);
		Author author = AUTHORS.get(random.nextInt(AUTHORS.size()));
		Author last = author(t, posts);
		int kind = random.nextInt(10);
		ThreadType type = (kind < 6) ? ThreadType.QUESTION
				: (kind < 9) ? ThreadType.DISCUSSION : ThreadType.ANNOUNCEMENT;
		boolean answered = type == ThreadType.QUESTION && posts > 1 && random.nextBoolean();
		LandCode land = LandCode.values()[random.nextInt(LandCode.values().length)];
		Instant created = now.minus(Duration.ofHours(1 + random.nextInt(24 * 365)));
		return new Thread(id, space, type, service + ": " + subject.title(),
				Tags.normalize(List.of(service, subject.tag())), Set.of(land), new MemberId(author.id()), author.name(),
				new OrganisationId(author.organisationId()), author.kind(), created, now, last.name(), posts,
				answered ? ThreadState.ANSWERED : ThreadState.OPEN, false,
				answered ? 2 + random.nextInt(posts - 1) : null, posts);
	}

	Post post(int t, ThreadId id, int n, Instant now) {
		if (this.uniform) {
			Post p = this.uniformTemplate;
			return new Post(new PostId(id, n), p.author(), p.authorName(), p.authorUsername(), p.organisation(),
					p.organisationName(), p.organisationKind(), p.markdown(), p.html(), now, null, null, 0, null,
					Set.of());
		}
		Random random = random(t, n);
		Author author = author(t, n);
		Markdown text = new Markdown(text(random, subjectOf(t), serviceOf(t)));
		return new Post(new PostId(id, n), new MemberId(author.id()), author.name(), author.username(),
				new OrganisationId(author.organisationId()), author.organisation(), author.kind(), text,
				this.renderer.render(text), now, null, null, 0, null, Set.of());
	}

	private Author author(int t, int n) {
		return AUTHORS.get(random(t, -n).nextInt(AUTHORS.size()));
	}

	/**
	 * Two to five sentences, sometimes as a list or with a quoted tip: mostly about the
	 * thread's subject and service, now and then about another, a quarter small talk.
	 */
	private static String text(Random random, Subject subject, String service) {
		int count = 2 + random.nextInt(4);
		StringBuilder text = new StringBuilder();
		int shape = random.nextInt(6);
		for (int i = 0; i < count; i++) {
			int kind = random.nextInt(60);
			String about = (random.nextInt(25) == 0) ? SERVICES.get(random.nextInt(SERVICES.size())) : service;
			List<String> pool = (kind < 15) ? GENERAL_SENTENCES
					: ((kind == 15) ? SUBJECTS.get(random.nextInt(SUBJECTS.size())) : subject).sentences();
			String sentence = pool.get(random.nextInt(pool.size()))
				.replace("{S}", about)
				.replace("{F}", PROCEDURES.get(random.nextInt(PROCEDURES.size())))
				.replace("{L}", LandCode.values()[random.nextInt(LandCode.values().length)].displayName())
				.replace("{M}", MONTHS.get(random.nextInt(MONTHS.size())))
				.replace("{N}", Integer.toString(2 + random.nextInt(40)));
			if (shape == 0 && i > 0) {
				text.append(i == 1 ? "\n\n- " : "\n- ").append(sentence);
			}
			else if (shape == 1 && i == count - 1) {
				text.append("\n\n> ").append(sentence);
			}
			else {
				text.append(i == 0 ? "" : " ").append(sentence);
			}
		}
		return text.toString();
	}

}
