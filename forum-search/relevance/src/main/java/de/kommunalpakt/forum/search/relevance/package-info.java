/**
 * The German relevance set (threads and queries written for it, not the demo content) and
 * its scoring; development only, for forum-search's tests and bench-search.
 */
package de.kommunalpakt.forum.search.relevance;
