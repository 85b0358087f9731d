/**
 * HTTP sessions and the Keycloak-session registry in MongoDB (collections
 * {@code http_sessions} and {@code oidc_sessions}), shared by all forum instances.
 */
package de.kommunalpakt.forum.session.mongo;
