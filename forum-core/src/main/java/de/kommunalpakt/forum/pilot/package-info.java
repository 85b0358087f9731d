/**
 * First Movers: municipalities' expressions of interest to pilot an EfA service or a
 * reuse model, and the KSpV's review of them.
 */
package de.kommunalpakt.forum.pilot;
