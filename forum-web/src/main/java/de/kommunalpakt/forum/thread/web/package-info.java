/**
 * Pages of threads: lists (start page, spaces), reading, replying, starting, editing,
 * moderating.
 */
package de.kommunalpakt.forum.thread.web;
