/** MongoDB mapping of the EfA service catalogue (collection {@code efa_services}). */
package de.kommunalpakt.forum.efaservice.mongo;
