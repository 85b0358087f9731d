/** MongoDB persistence of inboxes and watch settings. */
package de.kommunalpakt.forum.notification.mongo;
