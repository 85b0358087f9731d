/** MongoDB mapping of the change log (collection {@code changes}). */
package de.kommunalpakt.forum.changes.mongo;
