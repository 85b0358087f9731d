/**
 * Moderation as pages and API: report a post, the review queue, the moderation of a post,
 * suspensions, and the guard that keeps suspended members from writing.
 */
package de.kommunalpakt.forum.moderation.web;
