/**
 * Moderation of single posts and members: reports with a reason, the review queue,
 * hiding, restoring and deleting posts, suspensions.
 */
package de.kommunalpakt.forum.moderation;
