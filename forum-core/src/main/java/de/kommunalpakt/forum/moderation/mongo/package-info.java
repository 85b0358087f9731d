/** The MongoDB mapping of reports and suspensions. */
package de.kommunalpakt.forum.moderation.mongo;
