/**
 * Nachnutzungsmodelle: each Land's structured profile of how its municipalities reuse EfA
 * services, with every version kept, edited only by that Land (and administrators).
 */
package de.kommunalpakt.forum.reusemodel;
