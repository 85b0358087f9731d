/** The notification pages, watch settings and the header counter. */
package de.kommunalpakt.forum.notification.web;
