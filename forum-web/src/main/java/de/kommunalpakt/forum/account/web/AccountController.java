package de.kommunalpakt.forum.account.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.swagger.v3.oas.annotations.Operation;

import de.kommunalpakt.forum.account.AccountData;
import de.kommunalpakt.forum.account.AccountDeletion;
import de.kommunalpakt.forum.account.AccountService;
import de.kommunalpakt.forum.member.Actor;
import de.kommunalpakt.forum.organisation.OrganisationRepository;
import de.kommunalpakt.forum.web.GermanTime;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * {@code /konto}: the member's own data and the download of all of it as a ZIP with
 * machine-readable JSON and readable Markdown ({@code /konto/daten.zip}, API
 * {@code GET /api/v1/me/export}); the deletion of the account with a confirmation step
 * ({@code /konto/loeschen}, API {@code DELETE /api/v1/me}).
 */
@Controller
class AccountController {

	private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd")
		.withZone(GermanTime.ZONE);

	private final AccountService accounts;

	/** The word a member types to confirm the deletion. */
	static final String CONFIRMATION = "LÖSCHEN";

	private final AccountExport export;

	private final AccountDeletion deletion;

	private final org.springframework.beans.factory.ObjectProvider<AccountExportPart> parts;

	private final OrganisationRepository organisations;

	AccountController(AccountService accounts, AccountExport export, AccountDeletion deletion,
			org.springframework.beans.factory.ObjectProvider<AccountExportPart> parts,
			OrganisationRepository organisations) {
		this.organisations = organisations;
		this.parts = parts;
		this.accounts = accounts;
		this.export = export;
		this.deletion = deletion;
	}

	@GetMapping("/konto/loeschen")
	String confirmDeletion(Actor actor, Model model) {
		model.addAttribute("member", actor);
		model.addAttribute("confirmationWord", CONFIRMATION);
		return "account/delete";
	}

	@PostMapping("/konto/loeschen")
	String delete(Actor actor, @RequestParam(name = "bestaetigung", required = false) String confirmation,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		if (confirmation == null || !confirmation.strip().equalsIgnoreCase(CONFIRMATION)) {
			// A mistake in the form: answered like the forum's other forms (new thread,
			// reply, edit), with 400 and the reason at the field.
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("member", actor);
			model.addAttribute("confirmationWord", CONFIRMATION);
			model.addAttribute("confirmationError", true);
			return "account/delete";
		}
		this.deletion.delete(actor);
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		return "redirect:/abgemeldet?grund=konto-geloescht";
	}

	@DeleteMapping("/api/v1/me")
	@Operation(summary = "Eigenes Konto löschen: Beiträge bleiben unter „ehemaliges Mitglied“, Name, Organisation "
			+ "und Erwähnungen werden entfernt, das Keycloak-Konto wird samt Name und E-Mail-Adresse gelöscht. "
			+ "204: erledigt; 202: im Forum erledigt, die Löschung in Keycloak wird nachgeholt.")
	ResponseEntity<java.util.Map<String, String>> deleteApi(Actor actor) {
		AccountDeletion.Outcome outcome = this.deletion.delete(actor);
		if (outcome == AccountDeletion.Outcome.DONE) {
			return ResponseEntity.noContent().build();
		}
		return ResponseEntity.accepted()
			.body(java.util.Map.of("status", outcome.name(), "detail",
					"Ihr Konto ist im Forum gelöscht. Ihr Zugang im Anmeldedienst wird gelöscht, sobald dieser "
							+ "wieder erreichbar ist; bis dahin weist das Forum das Konto ab."));
	}

	@GetMapping("/konto")
	String page(Actor actor, Model model) {
		model.addAttribute("member", actor);
		model.addAttribute("organisation", this.organisations.findById(actor.organisation()).orElse(null));
		return "account/account";
	}

	@GetMapping("/konto/daten.zip")
	ResponseEntity<byte[]> download(Actor actor) {
		return zip(actor);
	}

	@GetMapping(path = "/api/v1/me/export", produces = "application/zip")
	@Operation(summary = "Alle eigenen Daten als ZIP: daten.json (maschinenlesbar) und daten.md (lesbar)")
	ResponseEntity<byte[]> api(Actor actor) {
		return zip(actor);
	}

	private ResponseEntity<byte[]> zip(Actor actor) {
		AccountData data = this.accounts.export(actor);
		List<AccountExportPart.Section> sections = this.parts.orderedStream()
			.map((part) -> part.section(actor.id()))
			.toList();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
			zip.putNextEntry(new ZipEntry("daten.json"));
			zip.write(this.export.json(data, sections));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("daten.md"));
			zip.write(this.export.markdown(data, sections).getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String name = "forum-kommunalpakt-daten-" + actor.username().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
				+ FILE_DATE.format(data.createdAt()) + ".zip";
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(bytes.toByteArray());
	}

}
