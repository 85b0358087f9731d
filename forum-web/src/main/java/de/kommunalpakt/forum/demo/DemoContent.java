package de.kommunalpakt.forum.demo;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationId;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.organisation.ReferenceOrganisations;
import de.kommunalpakt.forum.shared.SetupMarks;
import de.kommunalpakt.forum.space.Space;
import de.kommunalpakt.forum.space.SpaceId;
import de.kommunalpakt.forum.space.SpaceRepository;
import de.kommunalpakt.forum.space.Visibility;
import de.kommunalpakt.forum.thread.PostId;
import de.kommunalpakt.forum.thread.ThreadCommands;
import de.kommunalpakt.forum.thread.ThreadCommands.ModerationAction;
import de.kommunalpakt.forum.thread.ThreadService;
import de.kommunalpakt.forum.thread.ThreadType;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Spaces, organisations and threads for the demo in front of the AL-Runde, written
 * through the normal use cases. Only in the embedded profile and only into an empty
 * forum: a second start, or any production profile, never loads it. Loading is a set-up
 * step ({@link DemoSetup}) that this class begins.
 */
@Component
@Profile("embedded")
class DemoContent {

	private static final Logger log = LoggerFactory.getLogger(DemoContent.class);

	static final SpaceId FRAGEN = new SpaceId("nachnutzung-fragen");

	static final SpaceId MODELLE = new SpaceId("nachnutzungsmodelle");

	static final SpaceId PILOT = new SpaceId("first-mover");

	static final SpaceId WORKSHOP = new SpaceId("workshop-kspv");

	static final SpaceId LAENDER = new SpaceId("laenderrunde");

	static final SpaceId MODERATION = new SpaceId("moderation");

	static final SpaceId HESSEN = new SpaceId("hessen");

	private final SpaceRepository spaces;

	private final OrganisationRepository organisations;

	private final MemberRepository members;

	private final ThreadService threads;

	private final DemoClock clock;

	private final SetupMarks marks;

	DemoContent(SpaceRepository spaces, OrganisationRepository organisations, MemberRepository members,
			ThreadService threads, DemoClock clock, SetupMarks marks) {
		this.spaces = spaces;
		this.organisations = organisations;
		this.members = members;
		this.threads = threads;
		this.clock = clock;
		this.marks = marks;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(10)
	public void loadIfEmpty() {
		if (!this.spaces.findAll().isEmpty()) {
			return;
		}
		log.info("Leeres Forum: lade Demo-Inhalte");
		// ReuseDemoContent, the last to load, finishes the step.
		this.marks.begin(DemoSetup.STEP);
		load();
	}

	void load() {
		// The demo tells three weeks: members join the day before the first thread, each
		// thread starts on the next day, answers follow within hours.
		this.clock.beginStory(22);
		try {
			loadStory();
		}
		finally {
			this.clock.backToNow();
		}
	}

	private void loadStory() {
		ReferenceOrganisations.all().forEach(this.organisations::save);
		kommune("kommune-darmstadt", "Wissenschaftsstadt Darmstadt", LandCode.HE);
		kommune("kommune-landkreis-giessen", "Landkreis Gießen", LandCode.HE);
		kommune("kommune-koeln", "Stadt Köln", LandCode.NW);
		kommune("kommune-landshut", "Stadt Landshut", LandCode.BY);
		kommune("kommune-flensburg", "Stadt Flensburg", LandCode.SH);
		kommune("kommune-jena", "Stadt Jena", LandCode.TH);
		for (Actor person : DemoPeople.ALL) {
			this.members.recordLogin(person);
		}
		space(FRAGEN, "Fragen zur Nachnutzung",
				"Kommunen fragen, Länder, KSpV und FITKO antworten: Beitritt, Kosten, Verträge, Technik.",
				Visibility.ALL_MEMBERS, null, 1);
		space(MODELLE, "Fragen zu den Nachnutzungsmodellen",
				"Wie die Länder ihren Kommunen EfA-Leistungen bereitstellen – ein Thema je Land.",
				Visibility.ALL_MEMBERS, null, 2);
		space(PILOT, "Austausch der First Mover", "Erfahrungen der ersten Kommunen und Auswahl weiterer Pilotkommunen.",
				Visibility.ALL_MEMBERS, null, 3);
		space(HESSEN, "Hessen: Nachnutzung mit civento", "Austausch der hessischen Kommunen mit Land und ekom21.",
				Visibility.ALL_MEMBERS, LandCode.HE, 4);
		space(WORKSHOP, "Workshop der KSpV am 21.09.2023",
				"Vergleich der Nachnutzungsmodelle von NRW, Schleswig-Holstein, Thüringen und Hessen.",
				Visibility.ALL_MEMBERS, null, 5);
		space(LAENDER, "Länderrunde", "Abstimmung von Ländern, KSpV, FITKO und Bund, z. B. zu den Kurzberichten.",
				Visibility.STATE_LEVEL, null, 6);
		space(MODERATION, "Moderation", "Absprachen des Moderationsteams.", Visibility.MODERATORS, null, 7);
		threads();
		log.info("Demo-Inhalte geladen");
	}

	private void threads() {
		PostId welcome = start(DemoPeople.BMI, FRAGEN, ThreadType.ANNOUNCEMENT,
				"Willkommen im Forum Kommunalpakt – bitte zuerst lesen", Set.of("forum", "kommunalpakt"), Set.of(),
				"""
						Liebe Kolleginnen und Kollegen aus Kommunen, Ländern, Spitzenverbänden und FITKO,

						mit dem **Kommunalpakt** haben Bund, Länder und kommunale Spitzenverbände vereinbart, die Nachnutzung von EfA-Leistungen für Kommunen einfacher zu machen. Dieses Forum ist der Ort für den Austausch nach § 4 Abs. 3 der Vereinbarung.

						- Stellen Sie Fragen im Bereich *Fragen zur Nachnutzung* – je konkreter, desto besser.
						- Markieren Sie die Antwort, die Ihnen geholfen hat, als **akzeptiert**. So entsteht nach und nach ein Nachschlagewerk.
						- Die Länder stellen ihre Nachnutzungsmodelle im gleichnamigen Bereich vor.

						Bei Fragen zum Forum erreichen Sie das Moderationsteam über diesen Beitrag.""");
		this.threads.moderate(DemoPeople.BMI, welcome.thread().value(), ModerationAction.PIN, null);

		PostId rahmen = start(DemoPeople.KOELN, FRAGEN, ThreadType.QUESTION,
				"Wie treten wir dem Rahmenvertrag mit d-NRW bei?", Set.of("rahmenvertrag", "d-nrw"),
				Set.of(LandCode.NW),
				"""
						Wir möchten als Stadt Köln mehrere EfA-Leistungen nachnutzen, u. a. Wohngeld und Gewerbeanmeldung. Uns ist nicht klar, in welcher Reihenfolge wir vorgehen müssen:

						1. Wer muss den Rahmenvertrag unterschreiben?
						2. Brauchen wir für jede Leistung einen eigenen Vertrag?
						3. Wie lange dauert es erfahrungsgemäß bis zum Livegang?""");
		PostId rahmenAnswer = reply(DemoPeople.NRW, rahmen,
				"""
						Gern, das Verfahren in NRW ist zweistufig:

						1. **Rahmenvereinbarung** mit d-NRW: einmal je Kommune, unterzeichnet durch die Oberbürgermeisterin oder den Oberbürgermeister bzw. die Landrätin oder den Landrat.
						2. **Abruf je Leistung**: Für jede EfA-Leistung rufen Sie danach über einen kurzen Abrufschein ab – ohne neue Vergabe.

						Vom unterschriebenen Rahmenvertrag bis zum Livegang vergehen meist sechs bis zehn Wochen. Der größte Zeitfaktor ist erfahrungsgemäß die Anbindung Ihres Fachverfahrens.""");
		reply(DemoPeople.KOELN, rahmen,
				"Vielen Dank, das hilft uns sehr. Gibt es eine Mustervorlage für die Beschlussvorlage im Rat?");
		reply(DemoPeople.DST, rahmen,
				"""
						Der Deutsche Städtetag hat mit d-NRW eine Mustervorlage abgestimmt. Sie liegt im Bereich *Fragen zu den Nachnutzungsmodellen* im Thema zu NRW. Ein Ratsbeschluss ist nach unserer Einschätzung nur nötig, wenn Ihre Hauptsatzung das verlangt.""");
		this.threads.acceptAnswer(DemoPeople.KOELN, rahmenAnswer.toString());
		this.threads.setHelpful(DemoPeople.DARMSTADT, rahmenAnswer.toString(), true);
		this.threads.setHelpful(DemoPeople.JENA, rahmenAnswer.toString(), true);

		PostId kosten = start(DemoPeople.LANDSHUT, FRAGEN, ThreadType.QUESTION,
				"Welche Kosten entstehen uns beim DigitalMarkt von BayKommun?", Set.of("kosten", "baykommun"),
				Set.of(LandCode.BY),
				"""
						Für die Nachnutzung über den DigitalMarkt von BayKommun: Welche Kosten trägt der Freistaat, welche die Kommune? Gibt es einmalige Einrichtungskosten, und wie berechnen sich die laufenden Kosten?""");
		PostId kostenAnswer = reply(DemoPeople.BAYERN, kosten,
				"""
						In Bayern werden die Leistungen als **Pakete** über den DigitalMarkt angeboten. Die Kosten teilen sich Freistaat und Kommunen:

						| Kostenart | Freistaat | Kommune |
						|---|---|---|
						| Entwicklung der EfA-Leistung | vollständig | – |
						| Einrichtung je Kommune | anteilig | anteilig nach Einwohnerzahl |
						| Laufender Betrieb | Sockelbetrag | nutzungsabhängiger Anteil |

						Die genauen Beträge stehen im jeweiligen Paket auf dem DigitalMarkt.""");
		this.threads.acceptAnswer(DemoPeople.LANDSHUT, kostenAnswer.toString());

		PostId civento = start(DemoPeople.DARMSTADT, HESSEN, ThreadType.QUESTION,
				"Anbindung unseres Fachverfahrens an civento – wer hilft uns?", Set.of("fachverfahren", "civento"),
				Set.of(LandCode.HE),
				"""
						Wir nutzen das Wohngeld-Fachverfahren eines privaten Herstellers. Für die EfA-Leistung Wohngeld müsste es an civento angebunden werden. Übernimmt das ekom21, oder müssen wir das selbst beim Hersteller beauftragen?""");
		PostId civentoAnswer = reply(DemoPeople.EKOM21, civento,
				"""
						ekom21 richtet die Leistung auf der civento-Plattform ein; das Land Hessen trägt dafür die Kosten. Die Anbindung an Ihr Fachverfahren läuft in der Regel über **FIT-Connect**: Ihr Hersteller muss die Schnittstelle unterstützen. Wir stimmen uns dazu gern direkt mit dem Hersteller ab – melden Sie sich über Ihr Kundenportal.""");
		reply(DemoPeople.HESSEN, civento,
				"""
						Ergänzend aus Sicht des Landes: Die Kosten für die Anbindung Ihres Fachverfahrens sind nicht Teil der Landesfinanzierung. Für kleinere Kommunen gibt es aber Unterstützung aus dem Förderprogramm, Details folgen im Thema zum hessischen Nachnutzungsmodell.""");
		this.threads.acceptAnswer(DemoPeople.DARMSTADT, civentoAnswer.toString());
		this.threads.edit(DemoPeople.EKOM21, new ThreadCommands.EditPost(civentoAnswer.toString(),
				"""
						ekom21 richtet die Leistung auf der civento-Plattform ein; das Land Hessen trägt dafür die Kosten. Die Anbindung an Ihr Fachverfahren läuft in der Regel über **FIT-Connect**: Ihr Hersteller muss die Schnittstelle unterstützen. Wir stimmen uns dazu gern direkt mit dem Hersteller ab – melden Sie sich über Ihr Kundenportal oder unter der Rufnummer Ihres Kundenbetreuers.

						*Nachtrag:* Eine Liste der Hersteller, die FIT-Connect bereits unterstützen, haben wir im Kundenportal veröffentlicht.""",
				0));

		PostId efaFirst = start(DemoPeople.FLENSBURG, FRAGEN, ThreadType.QUESTION,
				"EfA-First in Schleswig-Holstein: Müssen wir aktiv etwas tun?", Set.of("efa-first", "itvsh"),
				Set.of(LandCode.SH),
				"""
						Wir haben gehört, dass das Land Schleswig-Holstein EfA-Leistungen nach dem Prinzip „EfA-First“ ausrollt. Bekommen wir die Leistungen automatisch, oder müssen wir einen Antrag stellen?""");
		PostId efaFirstAnswer = reply(DemoPeople.SH, efaFirst,
				"""
						Nach „EfA-First“ rollt das Land die Leistungen über den ITVSH und Dataport für alle Kommunen aus. Sie müssen **keinen eigenen Vertrag** schließen; der ITVSH wird vom Land finanziert. Wichtig ist nur, dass Sie in der Zuständigkeitsfinder-Pflege Ihre Ansprechpersonen aktuell halten und – falls nötig – Ihr Fachverfahren anbinden.""");
		this.threads.acceptAnswer(DemoPeople.FLENSBURG, efaFirstAnswer.toString());

		PostId thueringen = start(DemoPeople.JENA, FRAGEN, ThreadType.QUESTION,
				"Wer zahlt in Thüringen den Betrieb der EfA-Leistungen?", Set.of("kosten", "betrieb"),
				Set.of(LandCode.TH),
				"Wie ist in Thüringen die Kostenverteilung für Betrieb und Weiterentwicklung der EfA-Leistungen geregelt?");
		reply(DemoPeople.TH, thueringen,
				"""
						Der Freistaat Thüringen trägt Betrieb und Weiterentwicklung der EfA-Leistungen **zentral**. Die Kommunen tragen die Kosten ihrer eigenen Fachverfahren, einschließlich deren Anbindung.""");

		PostId marktplatz = start(DemoPeople.GIESSEN, FRAGEN, ThreadType.QUESTION,
				"Können Landkreise direkt über den Marktplatz für EfA-Leistungen nachnutzen?",
				Set.of("marktplatz", "fitko"), Set.of(),
				"""
						Wir sind ein Landkreis in Hessen. Können wir Leistungen direkt über den Marktplatz für EfA-Leistungen beziehen, oder geht das nur über das Land?""");
		PostId marktplatzAnswer = reply(DemoPeople.FITKO, marktplatz,
				"""
						Der Marktplatz für EfA-Leistungen wird von govdigital und FITKO betrieben. Für die Teilnahme braucht es eine **Inhouse-Beziehung** zu einem Betreiber. Kommunen sind keine Trägerinnen der FITKO; deshalb läuft die Nachnutzung für Kommunen in der Regel über ihr Land – entweder unentgeltlich oder über einen Inhouse-Dienstleister des Landes, in Hessen also ekom21.""");
		reply(DemoPeople.GIESSEN, marktplatz, "Danke! Dann gehen wir den Weg über ekom21.");
		this.threads.acceptAnswer(DemoPeople.GIESSEN, marktplatzAnswer.toString());

		PostId fitConnect = start(DemoPeople.KOELN, FRAGEN, ThreadType.QUESTION,
				"FIT-Connect: Welche Voraussetzungen braucht unser Fachverfahren?",
				Set.of("fit-connect", "fachverfahren"), Set.of(),
				"""
						Für mehrere Leistungen wird die Anbindung über FIT-Connect verlangt. Welche technischen Voraussetzungen muss unser Fachverfahren erfüllen, und wer stellt die Zertifikate aus?""");
		reply(DemoPeople.FITKO, fitConnect,
				"""
						Ihr Fachverfahren braucht einen **Zustellpunkt** bei FIT-Connect und ein Verschlüsselungszertifikat aus der Verwaltungs-PKI. Viele Hersteller bieten das inzwischen als Standardmodul an. Eine Checkliste für Nicht-Fachleute finden Sie in der Dokumentation der FITKO.""");

		PostId kurz = start(DemoPeople.HESSEN, LAENDER, ThreadType.DISCUSSION,
				"Kurzberichte der Länder zur 42. Sitzung des IT-Planungsrats (03.11.2023)",
				Set.of("kurzbericht", "it-plr"), Set.of(),
				"""
						Für die Zwischenbilanz zur 42. Sitzung des IT-Planungsrats bitten wir alle Länder um einen Kurzbericht zu ihren Maßnahmen: ergriffene und geplante Maßnahmen, Hindernisse, Unterstützungsbedarf. Bitte bis Mitte Oktober einstellen.""");
		reply(DemoPeople.NRW, kurz,
				"NRW liefert bis zum 13.10.; Schwerpunkt ist die Zahl der abgeschlossenen Rahmenvereinbarungen.");
		reply(DemoPeople.DSTGB, kurz,
				"Aus Sicht der KSpV wäre eine einheitliche Gliederung hilfreich, damit die Berichte vergleichbar sind.");

		PostId workshop = start(DemoPeople.DSTGB, WORKSHOP, ThreadType.DISCUSSION,
				"Ergebnisse des Workshops: Vergleich der Nachnutzungsmodelle", Set.of("workshop", "nachnutzungsmodell"),
				Set.of(LandCode.NW, LandCode.SH, LandCode.TH, LandCode.HE),
				"""
						Am 21.09.2023 haben wir mit NRW, Schleswig-Holstein, Thüringen und Hessen die Nachnutzungsmodelle verglichen. Die wichtigsten Unterschiede:

						- **NRW:** Rahmenvereinbarung je Kommune mit d-NRW, danach Abruf je Leistung.
						- **Schleswig-Holstein:** EfA-First, Ausrollung durch das Land über ITVSH/Dataport.
						- **Thüringen:** zentrale Finanzierung von Betrieb und Weiterentwicklung durch das Land.
						- **Hessen:** civento-Plattform der ekom21, vom Land finanziert.

						Als nächsten Schritt wollen wir First Mover auswählen. Vorschläge bitte im Bereich *Austausch der First Mover*.""");
		reply(DemoPeople.TH, workshop, "Danke für die Zusammenfassung. Thüringen bringt zwei Pilotkommunen ein.");

		start(DemoPeople.DST, PILOT, ThreadType.DISCUSSION, "Erfahrungen der ersten Pilotkommunen – was hat geholfen?",
				Set.of("first-mover", "pilotkommune"), Set.of(),
				"""
						Die ersten Pilotkommunen sind live. Was hat Ihnen bei der Einführung am meisten geholfen, und was würden Sie anderen Kommunen raten?""");

		PostId closed = start(DemoPeople.GIESSEN, FRAGEN, ThreadType.QUESTION,
				"Termin der Online-Sprechstunde im Oktober?", Set.of("sprechstunde"), Set.of(),
				"Wann findet die nächste Online-Sprechstunde zur Nachnutzung statt?");
		reply(DemoPeople.DSTGB, closed,
				"Die Sprechstunde fand am 12.10. statt; die Folien liegen im Workshop-Bereich. Wir schließen das Thema.");
		this.threads.moderate(DemoPeople.DSTGB, closed.thread().value(), ModerationAction.CLOSE, null);

		start(DemoPeople.DSTGB, MODERATION, ThreadType.DISCUSSION, "Moderationsplan für die AL-Runde",
				Set.of("al-runde"), Set.of(),
				"Wer moderiert während der Live-Vorführung in der AL-Runde welchen Bereich?");

		List<String> openQuestions = List.of("Gibt es eine Musterdienstanweisung für die Nutzung der EfA-Leistungen?",
				"Wie melden wir Fehler in einer EfA-Leistung, die ein anderes Land betreibt?",
				"Können wir das Design der EfA-Leistung an unser Stadtportal anpassen?");
		Actor[] askers = { DemoPeople.LANDSHUT, DemoPeople.DARMSTADT, DemoPeople.JENA };
		for (int i = 0; i < openQuestions.size(); i++) {
			start(askers[i], FRAGEN, ThreadType.QUESTION, openQuestions.get(i), Set.of("praxis"), Set.of(),
					"Wir bereiten die Einführung vor und würden gern wissen, wie andere Kommunen das lösen. Erfahrungen willkommen!");
		}
	}

	private PostId start(Actor author, SpaceId space, ThreadType type, String title, Set<String> tags,
			Set<LandCode> lands, String text) {
		this.clock.nextDay();
		return this.threads.start(author,
				new ThreadCommands.StartThread(space.value(), type, title, text, tags, lands, null));
	}

	private PostId reply(Actor author, PostId thread, String text) {
		this.clock.later(Duration.ofMinutes(40 + (this.clock.instant().getEpochSecond() / 60 % 3) * 35));
		return this.threads.reply(author, new ThreadCommands.Reply(thread.thread().value(), text, null, null));
	}

	private void kommune(String id, String name, LandCode land) {
		this.organisations.save(new Organisation(new OrganisationId(id), OrganisationKind.KOMMUNE, name, land, null));
	}

	private void space(SpaceId id, String name, String description, Visibility visibility, LandCode land,
			int position) {
		this.spaces.save(new Space(id, name, description, visibility, land, position));
	}

}
