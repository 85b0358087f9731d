/**
 * The benchmark behind {@code ./forum bench}: real store, real login, real HTTP over
 * loopback.
 */
package de.kommunalpakt.forum.bench;
