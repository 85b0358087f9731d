/** MongoDB mapping of the mail outbox and the members' mail settings. */
package de.kommunalpakt.forum.mail.mongo;
