/** Pages of the First Movers: overview, expression of interest, review board, detail. */
package de.kommunalpakt.forum.pilot.web;
