/**
 * Members (identity from OIDC claims), their roles and the acting person of a request.
 */
package de.kommunalpakt.forum.member;
