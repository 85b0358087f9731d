/** The feeds themselves and the page that makes and revokes a member's feed token. */
package de.kommunalpakt.forum.feed.web;
