package de.kommunalpakt.forum.mail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Signed tokens in mail links (HMAC-SHA256 with {@code forum.mail.secret}): whoever holds
 * the link may do what it names without a login, nobody can make one for another member.
 * Form: {@code base64url(purpose:memberId:value).base64url(mac)}.
 */
@Component
public class MailTokens {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final byte[] key;

	public MailTokens(MailProperties properties) {
		this.key = properties.secret().getBytes(StandardCharsets.UTF_8);
	}

	/** A token for {@code purpose} (e.g. {@code unsubscribe}) of one member. */
	public String sign(String purpose, String memberId, String value) {
		byte[] payload = (purpose + ":" + memberId + ":" + value).getBytes(StandardCharsets.UTF_8);
		return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
	}

	/** Member id and value of a valid token for {@code purpose}; empty otherwise. */
	public Optional<Signed> verify(String purpose, String token) {
		if (token == null || token.length() > 600) {
			return Optional.empty();
		}
		int dot = token.indexOf('.');
		if (dot < 1) {
			return Optional.empty();
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
			byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
			if (!MessageDigest.isEqual(mac, mac(payload))) {
				return Optional.empty();
			}
			String[] parts = new String(payload, StandardCharsets.UTF_8).split(":", 3);
			if (parts.length != 3 || !parts[0].equals(purpose)) {
				return Optional.empty();
			}
			return Optional.of(new Signed(parts[1], parts[2]));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A short key for {@code purpose} and {@code value}: 32 hex digits of the MAC, short
	 * enough for the local part of an address (at most 64 characters).
	 */
	public String key(String purpose, String value) {
		byte[] mac = mac((purpose + ":" + value).getBytes(StandardCharsets.UTF_8));
		return java.util.HexFormat.of().formatHex(mac, 0, 16);
	}

	private byte[] mac(byte[] payload) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return mac.doFinal(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a valid token names.
	 *
	 * @param memberId the member
	 * @param value the token's value (e.g. the mail category)
	 */
	public record Signed(String memberId, String value) {

	}

}
