/**
 * The audit log: an append-only record of moderation and administrative decisions (who,
 * what, when, target, before/after, why), kept for its own retention period.
 */
package de.kommunalpakt.forum.audit;
