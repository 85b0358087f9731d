/**
 * REST API {@code /api/v1} for spaces, threads, posts, organisations and the signed-in
 * member.
 */
package de.kommunalpakt.forum.thread.api;
