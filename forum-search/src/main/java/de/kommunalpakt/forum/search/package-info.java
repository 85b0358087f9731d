/**
 * Search: Elasticsearch client, thread index with German analysis, indexing from the
 * change log, queries.
 */
package de.kommunalpakt.forum.search;
