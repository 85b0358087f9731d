/**
 * The change log: one entry per accepted write, in MongoDB, read by search indexing and
 * live fan-out on every instance. Knows nothing of either.
 */
package de.kommunalpakt.forum.changes;
