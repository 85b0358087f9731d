package de.kommunalpakt.forum.mail;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Members' mail settings and addresses (collection {@code mail_settings}). */
public interface MailSettingsRepository {

	Optional<MailSettings> find(String memberId);

	/** The member's settings, or the defaults (without an address). */
	default MailSettings findOrDefault(String memberId) {
		return find(memberId).orElseGet(() -> MailSettings.defaults(memberId, null));
	}

	/** The stored settings of these members (by id, in batches); members without none. */
	Map<String, MailSettings> findAll(Collection<String> memberIds);

	/** Writes the address and the choices whole (seeding, tests); the reports stay. */
	void save(MailSettings settings);

	/**
	 * Sets only the choices given (null: unchanged), each field on its own: two changes
	 * at the same moment (the page and the API, an unsubscribe link) both stay, and the
	 * address a login records meanwhile is not written back with an older one.
	 */
	void change(String memberId, MailSettings.Delivery own, MailSettings.Delivery watched, Integer digestHour,
			java.time.DayOfWeek digestDay);

	/**
	 * Keeps the address from the identity provider's claims (at each login); the settings
	 * stay, delivery reports about another address go (the same in other letter case is
	 * not another). A blank address removes it.
	 */
	void recordAddress(String memberId, String email);

	/**
	 * Counts a delivery report that a mail to {@code to} failed for good (see
	 * {@link MailSettings.Bounces#after}); returns the settings after it, empty for a
	 * member without settings.
	 */
	Optional<MailSettings> recordBounce(String memberId, String to, Instant at, String diagnosis);

	/**
	 * Counts that a mail to {@code to} failed for good (a delivery report, or the relay
	 * refusing the address), the diagnosis cut to 300 characters; true when this one
	 * paused mail to the member (the {@link MailSettings.Bounces#PAUSE_AFTER}th in a
	 * row).
	 */
	default boolean countFailure(String memberId, String to, Instant at, String diagnosis) {
		if (memberId == null) {
			return false;
		}
		String cut = (diagnosis.length() > 300) ? diagnosis.substring(0, 299) + "…" : diagnosis;
		return recordBounce(memberId, to, at, cut)
			.filter((s) -> s.paused() && s.bounces().count() == MailSettings.Bounces.PAUSE_AFTER)
			.isPresent();
	}

	/** Forgets the delivery reports: mail goes to the address again. */
	void resume(String memberId);

}
