/** Atom feeds of spaces, tags, Länder and threads, reached with personal feed tokens. */
package de.kommunalpakt.forum.feed;
