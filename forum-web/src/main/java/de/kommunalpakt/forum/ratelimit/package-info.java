/** Rate limits per member and per address (Bucket4j token buckets). */
package de.kommunalpakt.forum.ratelimit;
