/**
 * The embedded stack: launchers for a real Elasticsearch node, Keycloak and the
 * in-process MongoDB wire-protocol server, used by the run command and by the tests.
 * Plain Java (no Spring), so the test build can start them from {@code java -cp}.
 */
package de.kommunalpakt.forum.infra;
