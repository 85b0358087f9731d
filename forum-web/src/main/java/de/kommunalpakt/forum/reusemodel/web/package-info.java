/**
 * Pages of the reuse models (comparison, CSV, profile, edit, versions) and of the EfA
 * service catalogue.
 */
package de.kommunalpakt.forum.reusemodel.web;
