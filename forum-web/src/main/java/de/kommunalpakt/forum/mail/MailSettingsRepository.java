package de.kommunalpakt.forum.mail;

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

	void save(MailSettings settings);

	/**
	 * Keeps the address from the identity provider's claims (at each login); the settings
	 * stay. A blank address removes it.
	 */
	void recordAddress(String memberId, String email);

}
