/** MongoDB mapping of organisations (collection {@code organisations}). */
package de.kommunalpakt.forum.organisation.mongo;
