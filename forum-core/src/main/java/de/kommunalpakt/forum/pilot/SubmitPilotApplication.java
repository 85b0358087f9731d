package de.kommunalpakt.forum.pilot;

import de.kommunalpakt.forum.validation.Problems;

/**
 * An expression of interest as the form sends it; every field is text.
 *
 * @param subject key of the subject ({@link PilotSubject#key()})
 * @param reasons why the municipality wants to go first
 * @param resources people, time and budget it can commit
 * @param contactName contact person
 * @param contactEmail their e-mail address
 * @param contactPhone their phone (optional)
 */
public record SubmitPilotApplication(String subject, String reasons, String resources, String contactName,
		String contactEmail, String contactPhone) {

	public static final int MAX_TEXT = 4000;

	/** Checks every field; the problems of the whole form. */
	public Checked check() {
		Problems p = new Problems("pilot");
		PilotSubject s = PilotSubject.parse(this.subject).orElse(null);
		if (this.subject == null || this.subject.isBlank()) {
			p.add("subject", "required");
		}
		else if (s == null) {
			p.add("subject", "invalid");
		}
		String r = p.text("reasons", this.reasons, true, MAX_TEXT);
		String res = p.text("resources", this.resources, true, MAX_TEXT);
		String name = p.line("contactName", this.contactName, true, 200);
		String email = p.email("contactEmail", this.contactEmail, true);
		String phone = p.line("contactPhone", this.contactPhone, false, 50);
		return new Checked(s, r, res, name, email, phone, p);
	}

	/**
	 * The checked input.
	 *
	 * @param subject the subject (null if invalid)
	 * @param reasons clean reasons
	 * @param resources clean resources
	 * @param contactName clean name
	 * @param contactEmail clean e-mail
	 * @param contactPhone clean phone
	 * @param problems what is wrong
	 */
	public record Checked(PilotSubject subject, String reasons, String resources, String contactName,
			String contactEmail, String contactPhone, Problems problems) {
	}

}
