/** MongoDB mapping of the feed tokens. */
package de.kommunalpakt.forum.feed.mongo;
