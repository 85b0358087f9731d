/** The MongoDB mapping of the audit log. */
package de.kommunalpakt.forum.audit.mongo;
