/** The FAQ page: answered questions of the forum by topic and Land. */
package de.kommunalpakt.forum.faq.web;
