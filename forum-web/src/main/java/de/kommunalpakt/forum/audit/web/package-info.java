/** The audit log for administrators: page with filters, CSV export and API. */
package de.kommunalpakt.forum.audit.web;
