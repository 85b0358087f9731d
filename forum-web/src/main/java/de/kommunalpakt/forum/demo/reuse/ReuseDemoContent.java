package de.kommunalpakt.forum.demo.reuse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.kommunalpakt.forum.efaservice.EfaService;
import de.kommunalpakt.forum.efaservice.EfaServiceCatalogue;
import de.kommunalpakt.forum.efaservice.EfaServiceId;
import de.kommunalpakt.forum.landreport.LandReport;
import de.kommunalpakt.forum.landreport.LandReportContent;
import de.kommunalpakt.forum.landreport.ReportRepository;
import de.kommunalpakt.forum.landreport.ReportStatus;
import de.kommunalpakt.forum.landreport.ReportingRound;
import de.kommunalpakt.forum.landreport.ReportingRoundId;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.member.MemberRepository;
import de.kommunalpakt.forum.demo.DemoClock;
import de.kommunalpakt.forum.demo.DemoSetup;
import de.kommunalpakt.forum.organisation.LandCode;
import de.kommunalpakt.forum.organisation.Organisation;
import de.kommunalpakt.forum.organisation.OrganisationKind;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.organisation.ReferenceOrganisations;
import de.kommunalpakt.forum.pilot.PilotApplication;
import de.kommunalpakt.forum.pilot.PilotService;
import de.kommunalpakt.forum.pilot.SubmitPilotApplication;
import de.kommunalpakt.forum.reusemodel.EditReuseModel;
import de.kommunalpakt.forum.reusemodel.ReuseModelRepository;
import de.kommunalpakt.forum.reusemodel.ReuseModelService;
import de.kommunalpakt.forum.shared.SetupMarks;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Reuse models of all 16 Länder, the EfA catalogue, First Mover applications in every
 * state and two reporting rounds, written through the normal use cases (reports with
 * their historic dates through the repository). Embedded profile only; runs after the
 * general demo content and only while no reuse model exists, so it loads once. It
 * finishes the set-up step {@link DemoSetup} that {@code DemoContent} begins.
 */
@Component
@Profile("embedded")
class ReuseDemoContent {

	private static final Logger log = LoggerFactory.getLogger(ReuseDemoContent.class);

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	static final ReportingRoundId ROUND_42 = new ReportingRoundId("it-plr-42");

	static final ReportingRoundId ROUND_NEXT = new ReportingRoundId("kommunalpakt-fortschritt");

	private final ReuseModelService models;

	private final ReuseModelRepository modelRepository;

	private final EfaServiceCatalogue catalogue;

	private final PilotService pilots;

	private final ReportRepository reports;

	private final OrganisationRepository organisations;

	private final MemberRepository members;

	private final DemoClock clock;

	private final SetupMarks marks;

	ReuseDemoContent(ReuseModelService models, ReuseModelRepository modelRepository, EfaServiceCatalogue catalogue,
			PilotService pilots, ReportRepository reports, OrganisationRepository organisations,
			MemberRepository members, DemoClock clock, SetupMarks marks) {
		this.models = models;
		this.modelRepository = modelRepository;
		this.catalogue = catalogue;
		this.pilots = pilots;
		this.reports = reports;
		this.organisations = organisations;
		this.members = members;
		this.clock = clock;
		this.marks = marks;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(20)
	public void loadIfEmpty() {
		if (this.modelRepository.findAll().isEmpty()) {
			log.info("Lade Demo-Inhalte zu Nachnutzungsmodellen, First Movern und Länderberichten");
			load();
		}
		// The last piece of the demo content is written (DemoSetup).
		this.marks.finish(DemoSetup.STEP);
	}

	void load() {
		organisations();
		services();
		// The Länder published their models before the forum's discussions began (see
		// DemoContent): one a day from 30 days ago, each with its discussion thread.
		this.clock.beginStory(31);
		try {
			models();
		}
		finally {
			this.clock.backToNow();
		}
		pilots();
		rounds();
		log.info("Demo-Inhalte zur Nachnutzung geladen");
	}

	private void organisations() {
		for (Organisation o : ReferenceOrganisations.all()) {
			if (this.organisations.findById(o.id()).isEmpty()) {
				this.organisations.save(o);
			}
		}
		kommune(ReuseDemoPeople.DARMSTADT, "Wissenschaftsstadt Darmstadt");
		kommune(ReuseDemoPeople.GIESSEN, "Landkreis Gießen");
		kommune(ReuseDemoPeople.KOELN, "Stadt Köln");
		kommune(ReuseDemoPeople.LANDSHUT, "Stadt Landshut");
		kommune(ReuseDemoPeople.FLENSBURG, "Stadt Flensburg");
		kommune(ReuseDemoPeople.JENA, "Stadt Jena");
		kommune(ReuseDemoPeople.KASSEL, "Stadt Kassel");
		for (Actor a : List.of(ReuseDemoPeople.DST, ReuseDemoPeople.KASSEL)) {
			this.members.recordLogin(a);
		}
		for (LandCode land : LandCode.values()) {
			this.members.recordLogin(ReuseDemoPeople.land(land));
		}
	}

	private void kommune(Actor member, String name) {
		if (this.organisations.findById(member.organisation()).isEmpty()) {
			this.organisations
				.save(new Organisation(member.organisation(), OrganisationKind.KOMMUNE, name, member.land(), null));
		}
	}

	private void services() {
		service("wohngeld", "Wohngeld", "Bauen & Wohnen", LandCode.SH,
				"Antrag auf Miet- oder Lastenzuschuss online stellen, mit Nachweisen und Bescheid im Postfach.");
		service("elterngeld", "Elterngeld", "Familie & Kind", LandCode.HB,
				"Elterngeld und ElterngeldPlus beantragen, auch gemeinsam mit dem anderen Elternteil.");
		service("ummeldung", "Wohnsitzanmeldung", "Umzug", LandCode.HH,
				"An- und Ummeldung des Wohnsitzes ohne Termin im Bürgerbüro.");
		service("gewerbeanzeige", "Gewerbeanzeige", "Unternehmensführung", LandCode.ST,
				"Gewerbe an-, um- und abmelden; die Daten gehen an die beteiligten Stellen weiter.");
		service("fuehrerschein", "Führerschein", "Mobilität & Reisen", LandCode.HE,
				"Umtausch und Ersatz des Führerscheins, Antrag auf Ersterteilung.");
		service("bauantrag", "Digitaler Bauantrag", "Bauen & Wohnen", LandCode.MV,
				"Bauanträge mit Plänen digital einreichen; Beteiligung der Fachbehörden im Verfahren.");
		service("hundesteuer", "Hundesteuer", "Steuern & Abgaben", LandCode.NW,
				"Hund zur Hundesteuer an- und abmelden, Steuermarke beantragen.");
		service("kita-platz", "Kita-Platz-Suche", "Familie & Kind", LandCode.NW,
				"Betreuungsplatz suchen und vormerken, mit Rückmeldung der Einrichtungen.");
		service("bafoeg", "BAföG", "Bildung", LandCode.ST, "Ausbildungsförderung für Schule und Studium beantragen.");
		service("einbuergerung", "Einbürgerung", "Ein- und Auswanderung", LandCode.HH,
				"Einbürgerung beantragen, mit Nachweisen und Terminvereinbarung.");
		service("bewohnerparken", "Bewohnerparkausweis", "Mobilität & Reisen", LandCode.HH,
				"Bewohnerparkausweis beantragen und verlängern.");
		service("unterhaltsvorschuss", "Unterhaltsvorschuss", "Familie & Kind", LandCode.BW,
				"Unterhaltsvorschuss für Alleinerziehende beantragen.");
		service("eheschliessung", "Anmeldung der Eheschließung", "Familie & Kind", LandCode.BY,
				"Eheschließung beim Standesamt anmelden und Unterlagen einreichen.");
		service("wbs", "Wohnberechtigungsschein", "Bauen & Wohnen", LandCode.SH,
				"Wohnberechtigungsschein für geförderten Wohnraum beantragen.");
	}

	private void service(String id, String name, String topic, LandCode builtBy, String description) {
		this.catalogue.save(ReuseDemoPeople.BMI,
				new EfaService(new EfaServiceId(id), name, topic, builtBy, description));
	}

	private void models() {
		// Hessen in three versions, so the version history and its diff have something to
		// show.
		EditReuseModel he1 = model("Nachnutzung über civento (ekom21)", "ekom21 – KGRZ Hessen", "IN_HOUSE", "",
				"Ergänzung des bestehenden Dienstleistungsvertrags mit ekom21 (Mitgliedskommunen); unterzeichnet durch den Gemeindevorstand bzw. Kreisausschuss.",
				"LAND", "Einrichtung der Leistungen auf civento zahlt das Land Hessen.", "LAND",
				"Betrieb auf der civento-Plattform finanziert das Land; Fachverfahren und deren Anbindung trägt die Kommune.",
				List.of("Interesse bei ekom21 über das Kundenportal melden", "Vertragsergänzung unterzeichnen",
						"Zuständigkeiten und Gebühren im Redaktionssystem pflegen",
						"Fachverfahren über FIT-Connect anbinden lassen", "Test mit ekom21 und Livegang"),
				"8 bis 12 Wochen je Leistung",
				List.of("Zustellpunkt bei FIT-Connect oder Anbindung über civento-Schnittstelle",
						"Servicekonto (BundID) im Portal verlinkt"),
				List.of("wohngeld", "fuehrerschein"),
				List.of(contact("Servicestelle Nachnutzung", "ekom21", "nachnutzung@ekom21.example"),
						contact("Petra Schulz", "Hessisches Ministerium für Digitalisierung", "ozg@hessen.example")),
				"2023-06-30", "PUBLISHED");
		save(LandCode.HE, he1);
		EditReuseModel he2 = with(he1, "UNDER_REVISION", List.of("wohngeld", "fuehrerschein", "ummeldung"),
				"2023-09-15", 1L);
		save(LandCode.HE, he2);
		EditReuseModel he3 = with(he2, "PUBLISHED",
				List.of("wohngeld", "fuehrerschein", "ummeldung", "elterngeld", "hundesteuer"), "2023-10-02", 2L);
		save(LandCode.HE, he3);

		save(LandCode.NW, model("Rahmenvereinbarung mit d-NRW", "d-NRW AöR", "IN_HOUSE", "",
				"Rahmenvereinbarung mit d-NRW, einmal je Kommune, unterzeichnet von der Oberbürgermeisterin oder dem Oberbürgermeister bzw. der Landrätin oder dem Landrat; danach ein Abrufschein je Leistung.",
				"LAND", "Entwicklung und Einrichtung der EfA-Leistungen trägt das Land.", "KOMMUNE",
				"Betriebskosten je abgerufener Leistung nach Einwohnerzahl, laut Abrufschein.",
				List.of("Rahmenvereinbarung mit d-NRW unterzeichnen", "Leistung per Abrufschein abrufen",
						"Zuständigkeiten im Portalverbund pflegen", "Fachverfahren anbinden", "Livegang"),
				"6 bis 10 Wochen je Leistung",
				List.of("Anbindung des Fachverfahrens über FIT-Connect", "Pflege im Zuständigkeitsfinder"),
				List.of("hundesteuer", "kita-platz", "gewerbeanzeige", "wohngeld", "ummeldung"),
				List.of(contact("Kundenservice EfA", "d-NRW AöR", "efa@d-nrw.example"), contact("Thomas Richter",
						"Ministerium für Heimat, Kommunales, Bau und Digitalisierung NRW", "kommunalpakt@nrw.example")),
				"2023-09-01", "PUBLISHED"));
		save(LandCode.SH, model("EfA-First Schleswig-Holstein", "IT-Verbund Schleswig-Holstein (ITVSH) mit Dataport",
				"IN_HOUSE", "Das Land stellt die Leistungen über den ITVSH allen Kommunen bereit.",
				"Kein eigener Vertrag: Die Mitgliedschaft im ITVSH genügt; die Kommune bestätigt nur ihre Zuständigkeitsdaten.",
				"LAND", "Einrichtung zahlt das Land.", "LAND", "Das Land finanziert den ITVSH und damit den Betrieb.",
				List.of("Zuständigkeitsdaten bestätigen", "Ansprechperson für die Leistung benennen",
						"Fachverfahren bei Bedarf anbinden", "Livegang durch ITVSH/Dataport"),
				"2 bis 6 Wochen",
				List.of("Aktuelle Einträge im Zuständigkeitsfinder", "Bei Bedarf Anbindung des Fachverfahrens"),
				List.of("wohngeld", "wbs", "elterngeld", "ummeldung"),
				List.of(contact("Kirsten Hansen", "Staatskanzlei Schleswig-Holstein", "efa-first@sh.example"),
						contact("Service-Desk", "ITVSH", "service@itvsh.example")),
				"2023-08-20", "PUBLISHED"));
		save(LandCode.TH, model("Zentrale Bereitstellung Thüringen", "Freistaat Thüringen mit dem Landesrechenzentrum",
				"VERWALTUNGSVEREINBARUNG",
				"Das Land nutzt die Leistungen über Verwaltungsvereinbarungen nach und gibt sie unentgeltlich an die Kommunen weiter.",
				"Nutzungserklärung gegenüber dem Land (ohne Kosten).", "LAND", "Einrichtung trägt der Freistaat.",
				"LAND",
				"Betrieb und Weiterentwicklung trägt der Freistaat zentral; die Kommunen zahlen nur ihre eigenen Fachverfahren.",
				List.of("Nutzungserklärung abgeben", "Zugänge im Redaktionssystem beantragen", "Fachverfahren anbinden",
						"Livegang"),
				"4 bis 8 Wochen", List.of("Eigenes Fachverfahren mit FIT-Connect-Schnittstelle"),
				List.of("wohngeld", "elterngeld", "bafoeg", "bauantrag"),
				List.of(contact("Matthias Vogel", "Thüringer Finanzministerium", "ozg@thueringen.example")),
				"2023-09-10", "PUBLISHED"));
		save(LandCode.BY, model("BayKommun DigitalMarkt", "BayKommun", "IN_HOUSE", "",
				"Rahmenvertrag mit BayKommun; danach Buchung einzelner Pakete im DigitalMarkt.", "SHARED",
				"Einrichtung anteilig: Freistaat und Kommune nach Einwohnerzahl.", "SHARED",
				"Sockelbetrag trägt der Freistaat, die Kommune zahlt einen nutzungsabhängigen Anteil.",
				List.of("Rahmenvertrag mit BayKommun schließen", "Paket im DigitalMarkt buchen",
						"Einrichtung durch die AKDB", "Livegang"),
				"6 bis 8 Wochen", List.of("BayernID im Bürgerservice-Portal", "Anbindung an das Fachverfahren"),
				List.of("eheschliessung", "wohngeld", "gewerbeanzeige", "bauantrag"),
				List.of(contact("Florian Huber", "Bayerisches Staatsministerium für Digitales", "ozg@bayern.example"),
						contact("DigitalMarkt-Team", "BayKommun", "digitalmarkt@baykommun.example")),
				"2023-07-15", "PUBLISHED"));
		save(LandCode.BW, model("service-bw mit Komm.ONE", "Komm.ONE", "IN_HOUSE", "",
				"Nutzungsvereinbarung mit Komm.ONE.", "LAND", "Einrichtung trägt das Land.", "SHARED",
				"Laufende Kosten teilen sich Land und Kommunen nach Schlüssel.",
				List.of("Nutzungsvereinbarung schließen", "Leistung in service-bw freischalten", "Livegang"),
				"4 bis 6 Wochen", List.of("Anbindung des Fachverfahrens"),
				List.of("unterhaltsvorschuss", "wohngeld", "elterngeld"),
				List.of(contact("Redaktion service-bw", "Innenministerium Baden-Württemberg", "service-bw@bw.example")),
				"2023-05-31", "PUBLISHED"));
		save(LandCode.BE,
				model("Bereitstellung für die Bezirke", "ITDZ Berlin", "IN_HOUSE",
						"Als Stadtstaat stellt Berlin die Leistungen seinen Bezirken zentral bereit.",
						"Keine Unterschrift der Bezirke nötig; Abstimmung im Rat der Bürgermeister.", "LAND",
						"Zentral aus dem Landeshaushalt.", "LAND", "Zentral aus dem Landeshaushalt.",
						List.of("Abstimmung mit der Senatsverwaltung", "Einrichtung durch das ITDZ",
								"Livegang in allen Bezirken"),
						"4 Wochen", List.of(), List.of("ummeldung", "elterngeld", "wohngeld"),
						List.of(contact("OZG-Team", "Senatsverwaltung für Inneres", "ozg@berlin.example")),
						"2023-08-01", "PUBLISHED"));
		save(LandCode.BB, model("Marktplatz-Zugang Brandenburg", "Brandenburgischer IT-Dienstleister (ZIT-BB)",
				"MARKTPLATZ_EFA",
				"Das Land bezieht Leistungen über den Marktplatz für EfA-Leistungen; der ZIT-BB vermittelt als Inhouse-Betreiber.",
				"Beitrittserklärung zum Kommunalangebot des ZIT-BB.", "LAND", "Einrichtung trägt das Land.", "SHARED",
				"Betrieb je zur Hälfte Land und Kommune.",
				List.of("Beitrittserklärung abgeben", "Leistung auswählen", "Einrichtung durch den ZIT-BB", "Livegang"),
				"8 Wochen", List.of("Anbindung über FIT-Connect"), List.of("wohngeld", "bauantrag"),
				List.of(contact("Kommunalservice", "ZIT-BB", "kommunen@zit-bb.example")), "2023-09-05", "PUBLISHED"));
		save(LandCode.MV,
				model("Verwaltungsvereinbarung mit eGo-MV", "Zweckverband eGo-MV", "VERWALTUNGSVEREINBARUNG", "",
						"Beitritt zur Verwaltungsvereinbarung über den Zweckverband eGo-MV.", "LAND",
						"Einrichtung trägt das Land.", "KOMMUNE", "Umlage über den Zweckverband.",
						List.of("Beitritt zur Vereinbarung", "Einrichtung durch eGo-MV", "Livegang"), "6 Wochen",
						List.of(), List.of("bauantrag", "wohngeld"),
						List.of(contact("Geschäftsstelle", "Zweckverband eGo-MV", "info@ego-mv.example")), "2023-06-15",
						"PUBLISHED"));
		save(LandCode.SN, model("Amt24 mit der SAKD", "Sächsische Anstalt für kommunale Datenverarbeitung (SAKD)",
				"IN_HOUSE", "", "Nutzungsvereinbarung mit der SAKD.", "LAND", "Einrichtung trägt der Freistaat.",
				"SHARED", "Betrieb anteilig nach Einwohnerzahl.",
				List.of("Nutzungsvereinbarung abschließen", "Leistung in Amt24 aktivieren", "Livegang"),
				"4 bis 8 Wochen", List.of("Anbindung des Fachverfahrens"), List.of("wohngeld", "elterngeld"),
				List.of(contact("Kommunalberatung", "SAKD", "beratung@sakd.example")), "2023-07-01", "PUBLISHED"));
		save(LandCode.HH, model("Zentrale Bereitstellung Hamburg", "Dataport AöR", "IN_HOUSE",
				"Als Stadtstaat stellt Hamburg die Leistungen seinen Bezirksämtern zentral bereit.",
				"Keine Unterschrift der Bezirksämter nötig.", "LAND", "Zentral.", "LAND", "Zentral.",
				List.of("Einrichtung durch Dataport", "Livegang in allen Bezirksämtern"), "4 Wochen", List.of(),
				List.of("ummeldung", "einbuergerung", "bewohnerparken"),
				List.of(contact("Amt für IT und Digitalisierung", "Senatskanzlei Hamburg", "digital@hamburg.example")),
				"2023-04-20", "PUBLISHED"));
		save(LandCode.HH, with(
				model("Zentrale Bereitstellung Hamburg", "Dataport AöR", "IN_HOUSE",
						"Als Stadtstaat stellt Hamburg die Leistungen seinen Bezirksämtern zentral bereit.",
						"Keine Unterschrift der Bezirksämter nötig.", "LAND", "Zentral.", "LAND", "Zentral.",
						List.of("Einrichtung durch Dataport", "Livegang in allen Bezirksämtern"), "4 Wochen", List.of(),
						List.of("ummeldung", "einbuergerung", "bewohnerparken"),
						List.of(contact("Amt für IT und Digitalisierung", "Senatskanzlei Hamburg",
								"digital@hamburg.example")),
						"2023-04-20", "PUBLISHED"),
				"UNDER_REVISION", List.of("ummeldung", "einbuergerung", "bewohnerparken"), "2023-10-05", 1L));
		save(LandCode.NI, model("Nachnutzung über den FIT-Store", "IT.Niedersachsen", "FIT_STORE", "",
				"Erklärung zur Nachnutzung gegenüber dem Land; die FITKO schließt die Verträge mit anbietendem und nachnutzendem Land.",
				"LAND", "Einrichtung trägt das Land.", "SHARED", "Betrieb nach Nutzung, Regelung in Überarbeitung.",
				List.of("Nachnutzungserklärung abgeben", "Einrichtung durch IT.Niedersachsen", "Livegang"),
				"8 bis 12 Wochen", List.of("Anbindung über FIT-Connect"), List.of("elterngeld", "wohngeld"),
				List.of(contact("OZG-Programmbüro", "Niedersächsisches Ministerium für Inneres",
						"ozg@niedersachsen.example")),
				"2023-03-01", "PUBLISHED"));
		save(LandCode.NI, with(model("Nachnutzung über den FIT-Store", "IT.Niedersachsen", "FIT_STORE", "",
				"Erklärung zur Nachnutzung gegenüber dem Land; die FITKO schließt die Verträge mit anbietendem und nachnutzendem Land.",
				"LAND", "Einrichtung trägt das Land.", "SHARED", "Betrieb nach Nutzung, Regelung in Überarbeitung.",
				List.of("Nachnutzungserklärung abgeben", "Einrichtung durch IT.Niedersachsen", "Livegang"),
				"8 bis 12 Wochen", List.of("Anbindung über FIT-Connect"), List.of("elterngeld", "wohngeld"),
				List.of(contact("OZG-Programmbüro", "Niedersächsisches Ministerium für Inneres",
						"ozg@niedersachsen.example")),
				"2023-03-01", "PUBLISHED"), "UNDER_REVISION", List.of("elterngeld", "wohngeld"), "2023-09-28", 1L));
		save(LandCode.HB, model("Bremen und Bremerhaven über Dataport", "Dataport AöR", "IN_HOUSE", "", "", "", "", "",
				"", List.of(), "", List.of(), List.of("elterngeld"), List.of(), "", "DRAFT"));
		save(LandCode.SL, model("eGo-Saar", "Zweckverband eGo-Saar", "", "", "", "", "", "", "", List.of(), "",
				List.of(), List.of(), List.of(), "", "DRAFT"));
		// Rheinland-Pfalz and Sachsen-Anhalt have not published a model: the comparison
		// shows them as such.
	}

	private void save(LandCode land, EditReuseModel edit) {
		this.clock.nextDay();
		this.models.save(ReuseDemoPeople.land(land), land, edit);
	}

	private void pilots() {
		PilotApplication darmstadt = apply(ReuseDemoPeople.DARMSTADT, "leistung-wohngeld",
				"Wir bearbeiten rund 3.000 Wohngeldanträge im Jahr und haben das Fachverfahren 2022 erneuert. Die Verwaltungsspitze unterstützt die Einführung ausdrücklich.",
				"Eine Projektleitung (50 %), zwei Sachbearbeiterinnen für Tests, Unterstützung durch unsere IT-Abteilung.");
		move(darmstadt, "IN_REVIEW", "");
		move(darmstadt, "SELECTED",
				"Darmstadt bringt ein modernes Fachverfahren und hohe Fallzahlen mit. Start der Pilotphase im ersten Quartal.");
		PilotApplication giessen = apply(ReuseDemoPeople.GIESSEN, "modell-he",
				"Als Landkreis möchten wir zeigen, dass das hessische Modell auch für kreisangehörige Gemeinden trägt.",
				"Digitalisierungsbeauftragter des Kreises, Koordination mit acht kreisangehörigen Gemeinden.");
		move(giessen, "IN_REVIEW", "Wir stimmen die Auswahl mit dem Land Hessen ab.");
		apply(ReuseDemoPeople.KOELN, "leistung-gewerbeanzeige",
				"Köln hat viele Gewerbeanzeigen und ein eigenes Serviceportal, das wir anbinden möchten.",
				"Projektteam im Amt für Informationsverarbeitung, drei Personen.");
		PilotApplication landshut = apply(ReuseDemoPeople.LANDSHUT, "leistung-bauantrag",
				"Wir wollen den digitalen Bauantrag mit unserem Bauamt früh erproben.", "Zwei Personen im Bauamt.");
		move(landshut, "IN_REVIEW", "");
		move(landshut, "NOT_SELECTED",
				"Für den digitalen Bauantrag sind in Bayern die Pilotplätze vergeben. Wir empfehlen die zweite Welle ab Sommer.");
		PilotApplication flensburg = apply(ReuseDemoPeople.FLENSBURG, "leistung-elterngeld",
				"Flensburg möchte Elterngeld zusammen mit dem Land als erste kreisfreie Stadt einführen.",
				"Fachbereich Jugend und Familie, eine Person in Vollzeit für vier Monate.");
		move(flensburg, "IN_REVIEW", "");
		PilotApplication jena = apply(ReuseDemoPeople.JENA, "modell-th",
				"Jena will die zentrale Bereitstellung des Freistaats für alle Leistungen des Bürgerservice nutzen.",
				"Bürgerservice und Digitalisierungsteam, insgesamt vier Personen.");
		move(jena, "IN_REVIEW", "");
		move(jena, "SELECTED", "Jena wird Pilotkommune für das Thüringer Modell.");
		apply(ReuseDemoPeople.KOELN, "modell-nw",
				"Wir möchten die Rahmenvereinbarung mit d-NRW als eine der ersten Großstädte vollständig nutzen.",
				"Amt für Informationsverarbeitung, Rechtsamt für die Vertragsprüfung.");
	}

	private PilotApplication apply(Actor municipality, String subject, String reasons, String resources) {
		return this.pilots.submit(municipality, new SubmitPilotApplication(subject, reasons, resources,
				municipality.displayName(), municipality.username() + "@kommune.example", ""));
	}

	private void move(PilotApplication application, String status, String note) {
		this.pilots.move(ReuseDemoPeople.DST, application.id(), status, note, null);
	}

	private void rounds() {
		Instant deadline = LocalDate.parse("2023-10-13").atTime(LocalTime.MAX).atZone(BERLIN).toInstant();
		ReportingRound round = new ReportingRound(ROUND_42, "Kurzberichte zur 42. Sitzung des IT-Planungsrats",
				LocalDate.parse("2023-11-03"), deadline, at("2023-09-22T09:00"), ReuseDemoPeople.DSTGB.displayName());
		this.reports.insertRound(round);
		submitted(LandCode.HE, "2023-10-10T15:20", false,
				List.of("Finanzierung der civento-Leistungen durch das Land für alle Kommunen",
						"Drei Informationsveranstaltungen mit ekom21 für Bürgermeisterinnen und Bürgermeister",
						"Ausarbeitung der Eckpunkte des Kommunalpakts mit BMI und KSpV"),
				List.of("Förderprogramm für die Anbindung von Fachverfahren kleiner Kommunen",
						"Kommunale OZG-Koordination in jedem Landkreis"),
				"Anbindung der Fachverfahren dauert länger als geplant; Hersteller unterstützen FIT-Connect unterschiedlich.",
				"Musterverträge für die Herstelleranbindung, einheitliche Schnittstellenbeschreibung.");
		submitted(LandCode.NW, "2023-10-13T11:05", false,
				List.of("148 Kommunen haben die Rahmenvereinbarung mit d-NRW unterzeichnet",
						"Abruf von fünf EfA-Leistungen über Abrufscheine"),
				List.of("Vereinfachter Abruf für Kreise im Namen ihrer Gemeinden", "Reuse-Kernteam bei d-NRW"),
				"Ratsbeschlüsse verzögern die Unterzeichnung in einzelnen Städten.",
				"Gemeinsame Kommunikation zu Kosten und Nutzen für die Räte.");
		submitted(LandCode.SH, "2023-10-11T09:40", false,
				List.of("EfA-First: Wohngeld und Wohnberechtigungsschein für alle Kommunen ausgerollt",
						"Finanzierung des ITVSH für den Betrieb gesichert"),
				List.of("Elterngeld bis Jahresende in allen Kreisen"), "", "Keiner über das Bestehende hinaus.");
		submitted(LandCode.TH, "2023-10-12T16:30", false,
				List.of("Zentrale Finanzierung von Betrieb und Weiterentwicklung beschlossen",
						"Zwei Pilotkommunen benannt"),
				List.of("Task Force für die Anbindung von Fachverfahren"),
				"Personal in kleinen Gemeinden für die Einführung fehlt.",
				"Schulungsmaterial in einfacher Sprache für Sachbearbeitung.");
		submitted(LandCode.BY, "2023-10-09T10:00", false,
				List.of("Zwölf Leistungspakete im DigitalMarkt verfügbar",
						"Kostenteilung Freistaat/Kommunen vereinbart"),
				List.of("Paket „Familie“ mit Elterngeld und Eheschließung"), "Hoher Abstimmungsaufwand bei Gebühren.",
				"Bundesweite Klärung der Gebührenerhebung bei EfA-Leistungen.");
		submitted(LandCode.BW, "2023-10-13T17:45", false, List.of("Unterhaltsvorschuss landesweit verfügbar"),
				List.of("Ausbau des Kommunalangebots bei Komm.ONE"), "", "");
		submitted(LandCode.SN, "2023-10-12T08:15", false, List.of("Amt24: Wohngeld in 60 Kommunen live"),
				List.of("Elterngeld im ersten Halbjahr"), "Fachverfahrensvielfalt.",
				"Unterstützung durch die FITKO beim Onboarding.");
		submitted(LandCode.NI, "2023-10-17T14:00", true,
				List.of("Nachnutzungserklärungen für zwei Leistungen über den FIT-Store"),
				List.of("Überarbeitung des Kostenmodells mit den Spitzenverbänden"),
				"Das Kostenmodell für den Betrieb ist noch offen.",
				"Beratung zu Finanzierungsmodellen anderer Länder.");
		Actor bremen = ReuseDemoPeople.land(LandCode.HB);
		this.reports.insertReport(new LandReport(ROUND_42, LandCode.HB,
				new LandReportContent(List.of("Elterngeld (ELFE) für Bremen und Bremerhaven"), List.of(), "", ""),
				ReportStatus.DRAFT, false, null, null, at("2023-10-12T12:00"), bremen.displayName(), 1));

		LocalDate today = LocalDate.ofInstant(this.clock.instant(), BERLIN);
		this.reports.insertRound(new ReportingRound(ROUND_NEXT,
				"Fortschrittsberichte der Länder zum Kommunalpakt (laufende Runde)", today.plusWeeks(8),
				today.plusWeeks(5).atTime(LocalTime.MAX).atZone(BERLIN).toInstant(),
				this.clock.instant().minus(java.time.Duration.ofDays(21)), ReuseDemoPeople.DSTGB.displayName()));
		// The four Länder of the workshop have reported; the scenario adds Bayern live.
		current(LandCode.HE, 9,
				List.of("civento-Leistungen für alle 422 Kommunen freigeschaltet, davon Wohngeld in 311 Kommunen live",
						"Übergangslösung für Kommunen ohne angebundenes Fachverfahren: PDF mit strukturierten Daten",
						"Kommunalpakt-Sprechstunde mit ekom21 alle zwei Wochen"),
				List.of("Förderprogramm für die Anbindung von Fachverfahren kleiner Kommunen (2,5 Mio. Euro)",
						"Kommunale OZG-Koordination in jedem Landkreis"),
				"Hersteller der Wohngeld-Fachverfahren unterstützen FIT-Connect unterschiedlich schnell.",
				"Musterverträge für die Herstelleranbindung; einheitliche Schnittstellenbeschreibung durch die FITKO.");
		current(LandCode.NW, 6,
				List.of("212 Kommunen haben die Rahmenvereinbarung mit d-NRW unterzeichnet",
						"Abruf von sieben EfA-Leistungen über Abrufscheine, darunter Elterngeld",
						"Mustervorlage für Ratsbeschlüsse mit dem Städtetag NRW abgestimmt"),
				List.of("Vereinfachter Abruf für Kreise im Namen ihrer Gemeinden",
						"Reuse-Kernteam bei d-NRW verstärkt"),
				"Ratsbeschlüsse verzögern die Unterzeichnung in einzelnen Städten.",
				"Gemeinsame Kommunikation zu Kosten und Nutzen für die Räte.");
		current(LandCode.SH, 4,
				List.of("EfA-First: Wohngeld, Wohnberechtigungsschein und Elterngeld für alle Kommunen ausgerollt",
						"Betrieb durch den ITVSH bis 2027 finanziert"),
				List.of("Bauantrag für die unteren Bauaufsichtsbehörden bis Jahresende"),
				"Schulung der Sachbearbeitung in kleinen Ämtern braucht mehr Zeit.",
				"Bundesweite Schulungsunterlagen zu EfA-Leistungen.");
		current(LandCode.TH, 2,
				List.of("Zentrale Finanzierung von Betrieb und Weiterentwicklung beschlossen",
						"Jena und Gera nutzen Wohngeld als Pilotkommunen"),
				List.of("Task Force für die Anbindung von Fachverfahren", "Rollout Wohngeld in allen Landkreisen"),
				"Personal in kleinen Gemeinden für die Einführung fehlt.",
				"Schulungsmaterial in einfacher Sprache für Sachbearbeitung.");
	}

	/** A Kurzbericht of the current round, submitted some days ago. */
	private void current(LandCode land, int daysAgo, List<String> taken, List<String> planned, String obstacles,
			String support) {
		Actor author = ReuseDemoPeople.land(land);
		Instant when = this.clock.instant().minus(java.time.Duration.ofDays(daysAgo));
		this.reports
			.insertReport(new LandReport(ROUND_NEXT, land, new LandReportContent(taken, planned, obstacles, support),
					ReportStatus.SUBMITTED, false, when, author.displayName(), when, author.displayName(), 2));
	}

	private void submitted(LandCode land, String at, boolean late, List<String> taken, List<String> planned,
			String obstacles, String support) {
		Actor author = ReuseDemoPeople.land(land);
		Instant when = at(at);
		this.reports
			.insertReport(new LandReport(ROUND_42, land, new LandReportContent(taken, planned, obstacles, support),
					ReportStatus.SUBMITTED, late, when, author.displayName(), when, author.displayName(), 2));
	}

	private static Instant at(String localDateTime) {
		return java.time.LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
	}

	private static EditReuseModel model(String name, String operator, String route, String routeNote, String toSign,
			String oneOffPayer, String oneOffNote, String runningPayer, String runningNote, List<String> steps,
			String duration, List<String> prerequisites, List<String> services, List<ContactPerson> contacts,
			String review, String status) {
		return new EditReuseModel(name, operator, route, routeNote, toSign, oneOffPayer, oneOffNote, runningPayer,
				runningNote, String.join("\n", steps), duration, String.join("\n", prerequisites), services,
				contacts.stream().map(ContactPerson::name).toList(),
				contacts.stream().map(ContactPerson::role).toList(),
				contacts.stream().map(ContactPerson::email).toList(), contacts.stream().map((c) -> "").toList(), review,
				status, null);
	}

	private static EditReuseModel with(EditReuseModel e, String status, List<String> services, String review,
			Long version) {
		return new EditReuseModel(e.name(), e.operator(), e.legalRoute(), e.legalRouteNote(), e.toSign(),
				e.oneOffPayer(), e.oneOffNote(), e.runningPayer(), e.runningNote(), e.onboardingSteps(),
				e.typicalDuration(), e.prerequisites(), services, e.contactNames(), e.contactRoles(), e.contactEmails(),
				e.contactPhones(), review, status, version);
	}

	private static ContactPerson contact(String name, String role, String email) {
		return new ContactPerson(name, role, email);
	}

	private record ContactPerson(String name, String role, String email) {
	}

}
