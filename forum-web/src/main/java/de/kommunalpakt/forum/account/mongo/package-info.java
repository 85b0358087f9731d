/**
 * The one place that knows every document that can name a member, for the deletion of an
 * account.
 */
package de.kommunalpakt.forum.account.mongo;
