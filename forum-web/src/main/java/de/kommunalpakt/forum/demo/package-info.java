/** Demo content for the AL-Runde: loaded by the embedded profile on first start only. */
package de.kommunalpakt.forum.demo;
