package de.kommunalpakt.forum.thread.web;

import java.util.List;
import java.util.UUID;

/** Form objects of the thread pages: what a browser sends, never an entity. */
final class ThreadForms {

	private ThreadForms() {
	}

	static String newToken() {
		return UUID.randomUUID().toString();
	}

	/**
	 * A reply.
	 *
	 * @param text Markdown
	 * @param zitat number of the quoted post
	 * @param token submission token against double submits
	 */
	record ReplyForm(String text, Integer zitat, String token) {

		static ReplyForm empty() {
			return new ReplyForm("", null, newToken());
		}

	}

	/**
	 * A new thread.
	 *
	 * @param typ thread type
	 * @param titel title
	 * @param text opening post
	 * @param schlagworte tags, comma separated
	 * @param laender Land codes
	 * @param token submission token
	 */
	record NewThreadForm(String typ, String titel, String text, String schlagworte, List<String> laender,
			String token) {

		NewThreadForm {
			laender = (laender != null) ? laender : List.of();
		}

		static NewThreadForm empty() {
			return new NewThreadForm("QUESTION", "", "", "", List.of(), newToken());
		}

	}

	/**
	 * An edit.
	 *
	 * @param text new Markdown
	 * @param revision revision the editor started from
	 */
	record EditForm(String text, Integer revision) {
	}

}
