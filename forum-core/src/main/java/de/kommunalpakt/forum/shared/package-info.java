/** Value types, errors and rendering shared by every feature of the forum. */
package de.kommunalpakt.forum.shared;
