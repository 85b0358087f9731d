/**
 * The embedded stack of the run command: MongoDB stand-in, Elasticsearch node and
 * Keycloak.
 */
package de.kommunalpakt.forum.embedded;
