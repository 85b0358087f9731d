/** MongoDB mapping of spaces (collection {@code spaces}). */
package de.kommunalpakt.forum.space.mongo;
