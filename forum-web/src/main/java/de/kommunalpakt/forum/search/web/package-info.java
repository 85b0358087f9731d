/** The search page {@code /suche} and {@code /api/v1/search}. */
package de.kommunalpakt.forum.search.web;
