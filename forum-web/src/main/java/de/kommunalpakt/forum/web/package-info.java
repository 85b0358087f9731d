/** What all pages and API endpoints share: layout model, error handling, messages. */
package de.kommunalpakt.forum.web;
