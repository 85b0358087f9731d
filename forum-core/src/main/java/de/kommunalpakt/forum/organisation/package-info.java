/**
 * Organisations every member belongs to: Bund, Länder, Kommunen, KSpV, FITKO, IT
 * providers.
 */
package de.kommunalpakt.forum.organisation;
