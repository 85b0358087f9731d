/**
 * MongoDB mapping of reuse models (collection {@code reuse_models}, {@code _id} = Land
 * code) and their versions ({@code reuse_model_versions}, {@code _id} =
 * {@code <land>-<number>}).
 */
package de.kommunalpakt.forum.reusemodel.mongo;
