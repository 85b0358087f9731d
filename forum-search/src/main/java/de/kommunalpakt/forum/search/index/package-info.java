/**
 * The thread index behind an alias, and indexing from MongoDB's change log: at least
 * once, versioned.
 */
package de.kommunalpakt.forum.search.index;
