/**
 * MongoDB mapping of reporting rounds ({@code report_rounds}, {@code _id} = round slug)
 * and reports ({@code land_reports}, {@code _id} = {@code <round>.<land>}).
 */
package de.kommunalpakt.forum.landreport.mongo;
