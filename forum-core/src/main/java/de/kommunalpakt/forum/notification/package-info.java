/**
 * Notifications: a persisted inbox per member, the watch settings that decide who hears
 * of what, and the service that turns accepted writes into notifications.
 */
package de.kommunalpakt.forum.notification;
