package de.kommunalpakt.forum.feed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import de.kommunalpakt.forum.member.MemberId;
import org.springframework.stereotype.Service;

/**
 * Personal feed tokens: a random 128-bit secret in the feed address that stands for the
 * member (every space needs a login, feed readers cannot log in). Only its SHA-256 is
 * stored; a new token replaces the old one, and revoking ends every feed address at once.
 */
@Service
public class FeedTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final FeedTokenRepository repository;

	public FeedTokens(FeedTokenRepository repository) {
		this.repository = repository;
	}

	/** A new token for the member; the previous one stops working. */
	public String renew(MemberId member) {
		byte[] secret = new byte[16];
		RANDOM.nextBytes(secret);
		String token = HexFormat.of().formatHex(secret);
		this.repository.replace(member, hash(token));
		return token;
	}

	public void revoke(MemberId member) {
		this.repository.remove(member);
	}

	public boolean has(MemberId member) {
		return this.repository.exists(member);
	}

	/** The member a token stands for. */
	public Optional<MemberId> member(String token) {
		if (token == null || !token.matches("[0-9a-f]{32}")) {
			return Optional.empty();
		}
		return this.repository.findMember(hash(token));
	}

	private static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
