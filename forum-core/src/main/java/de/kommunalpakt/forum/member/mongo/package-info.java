/** MongoDB mapping of members (collection {@code members}). */
package de.kommunalpakt.forum.member.mongo;
