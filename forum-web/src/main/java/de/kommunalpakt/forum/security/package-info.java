/**
 * Login (OIDC for pages, JWT for the API) and the one mapping from token claims to an
 * Actor.
 */
package de.kommunalpakt.forum.security;
