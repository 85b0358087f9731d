/**
 * Demo content of the reuse features (models of all 16 Länder, EfA services, First Mover
 * applications, a reporting round) and the presenter's live scenario; embedded profile
 * only.
 */
package de.kommunalpakt.forum.demo.reuse;
