/**
 * A member's rights over their own data (GDPR Art. 15, 20): everything the forum holds
 * about them in one export; and the retention rules for short-lived data.
 */
package de.kommunalpakt.forum.account;
