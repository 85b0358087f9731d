/** Pages of spaces: the start page and the thread list of a space. */
package de.kommunalpakt.forum.space.web;
