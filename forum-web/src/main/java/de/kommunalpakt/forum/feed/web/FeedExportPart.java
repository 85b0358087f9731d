package de.kommunalpakt.forum.feed.web;

import java.util.Map;

import de.kommunalpakt.forum.account.web.AccountExportPart;
import de.kommunalpakt.forum.feed.FeedTokenRepository;
import de.kommunalpakt.forum.member.MemberId;
import org.springframework.stereotype.Component;

/**
 * Whether the member has a feed token, in their export: the forum keeps only its hash,
 * which says nothing to anyone, so the export names the token's existence.
 */
@Component
class FeedExportPart implements AccountExportPart {

	private final FeedTokenRepository tokens;

	FeedExportPart(FeedTokenRepository tokens) {
		this.tokens = tokens;
	}

	@Override
	public Section section(MemberId member) {
		boolean exists = this.tokens.exists(member);
		return new Section("feedToken", Map.of("exists", exists), "## Feed-Schlüssel\n\n" + (exists
				? "Ein Feed-Schlüssel besteht; gespeichert ist nur seine Prüfsumme (SHA-256), nicht der Schlüssel.\n"
				: "Kein Feed-Schlüssel.\n"));
	}

}
