/**
 * German analysis for the forum's Elasticsearch indexes as a stable plugin: umlaut and
 * digraph normalization, light stemming and decompounding with the project's
 * administrative vocabulary. Component names start with {@code forum_}, so the plugin
 * also installs beside the built-in German analysis of a full distribution.
 */
package de.kommunalpakt.forum.search.analysis;
