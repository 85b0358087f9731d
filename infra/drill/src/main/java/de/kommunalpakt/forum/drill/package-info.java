/**
 * The fault drill ({@code ./forum drill}) and the crash tests: the packaged forum as a
 * child process, load over its API, faults, and the consistency check afterwards.
 */
package de.kommunalpakt.forum.drill;
