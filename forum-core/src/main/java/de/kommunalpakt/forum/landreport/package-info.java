/**
 * Länder reports: reporting rounds (e.g. for an IT-Planungsrat session) with one short
 * report per Land, deadlines, and the compiled interim review (Zwischenbilanz).
 */
package de.kommunalpakt.forum.landreport;
