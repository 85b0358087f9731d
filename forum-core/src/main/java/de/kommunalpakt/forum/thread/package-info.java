/** Threads and their posts: starting, replying, editing, accepting, moderating. */
package de.kommunalpakt.forum.thread;
