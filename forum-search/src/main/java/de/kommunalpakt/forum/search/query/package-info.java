/**
 * Queries for people: results grouped by thread, snippets, facets, always limited to
 * readable spaces.
 */
package de.kommunalpakt.forum.search.query;
