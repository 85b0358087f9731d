/**
 * The live connection: STOMP over WebSocket, authorized like the pages, fed from the
 * change streams of MongoDB so every instance hears every write.
 */
package de.kommunalpakt.forum.live;
