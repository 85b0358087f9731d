/**
 * Pages of the Länder reports: rounds, status board, a Land's report form, and the
 * Zwischenbilanz as page, Markdown and PDF.
 */
package de.kommunalpakt.forum.landreport.web;
