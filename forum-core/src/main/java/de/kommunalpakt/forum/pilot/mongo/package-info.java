/**
 * MongoDB mapping of pilot applications (collection {@code pilot_applications},
 * {@code _id} = municipality and subject, so each municipality applies once per subject).
 */
package de.kommunalpakt.forum.pilot.mongo;
