/**
 * Notification mail: composed from the change log into an outbox in MongoDB, sent over
 * SMTP on a background thread with retries, settings per member.
 */
package de.kommunalpakt.forum.mail;
