/** Spaces (categories) and who may read them. */
package de.kommunalpakt.forum.space;
