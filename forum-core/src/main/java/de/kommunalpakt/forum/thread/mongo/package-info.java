/**
 * MongoDB mapping of threads ({@code threads}), posts ({@code posts}, one document each),
 * post revisions ({@code post_revisions}) and submission tokens ({@code submissions}).
 * Every hot path is an {@code _id} lookup: a thread page is one thread and an _id $in of
 * twenty posts.
 */
package de.kommunalpakt.forum.thread.mongo;
