/** Profile pages of members and organisations. */
package de.kommunalpakt.forum.profile.web;
