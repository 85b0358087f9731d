/** The member's account page and the download of their data. */
package de.kommunalpakt.forum.account.web;
