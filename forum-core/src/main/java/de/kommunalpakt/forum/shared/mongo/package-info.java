/** Wiring of the MongoDB database the repositories use. */
package de.kommunalpakt.forum.shared.mongo;
