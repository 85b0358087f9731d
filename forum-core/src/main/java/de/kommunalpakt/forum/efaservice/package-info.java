/**
 * The catalogue of EfA services: online services one Land built once for all, and which
 * Land built them.
 */
package de.kommunalpakt.forum.efaservice;
