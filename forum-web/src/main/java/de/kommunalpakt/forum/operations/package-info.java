/**
 * Operational figures of the forum's own work for Prometheus: posts created, changes,
 * search and notification backlog, live connections, search time.
 */
package de.kommunalpakt.forum.operations;
