/** Pages of mail: the administrators' outbox, the members' settings, unsubscribing. */
package de.kommunalpakt.forum.mail.web;
