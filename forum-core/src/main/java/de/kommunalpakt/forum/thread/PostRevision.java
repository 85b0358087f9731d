package de.kommunalpakt.forum.thread;

import java.time.Instant;

import de.kommunalpakt.forum.member.MemberId;
import de.kommunalpakt.forum.shared.Markdown;

/**
 * One version of a post in its history: revision 0 is the original.
 *
 * @param post the post
 * @param revision number of the version
 * @param markdown the text of this version
 * @param editor who wrote this version
 * @param editorName display name of the editor
 * @param at when this version was written
 */
public record PostRevision(PostId post, int revision, Markdown markdown, MemberId editor, String editorName,
		Instant at) {

}
