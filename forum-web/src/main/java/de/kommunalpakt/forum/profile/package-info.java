/** Profiles of members and organisations with their threads. */
package de.kommunalpakt.forum.profile;
