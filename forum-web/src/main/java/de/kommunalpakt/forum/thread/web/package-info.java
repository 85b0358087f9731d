/** Pages of threads: reading, replying, starting, editing, accepting and moderating. */
package de.kommunalpakt.forum.thread.web;
