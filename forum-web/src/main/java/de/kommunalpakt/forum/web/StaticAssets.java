package de.kommunalpakt.forum.web;

import java.util.List;
import java.util.stream.Stream;

/**
 * Where styles, scripts, fonts and the tab icon live: served by
 * {@link StaticAssetConfiguration}, public in the security chain, and left out of the
 * page interceptors (rate limit, suspension and deleted-account guards, notification
 * state), which have nothing to do for a file. One list, so that a new kind of file is
 * named once.
 */
public final class StaticAssets {

	/**
	 * Folders under {@code classpath:/static/}, served with a content hash in their URLs.
	 */
	static final List<String> FOLDERS = List.of("css", "js", "vendor");

	/** The tab icons, at the root, where browsers look for them without a link. */
	static final List<String> ICONS = List.of("/favicon.ico", "/favicon.svg");

	/** Path patterns of every static file. */
	public static final List<String> PATHS = Stream
		.concat(FOLDERS.stream().map((folder) -> "/" + folder + "/**"), ICONS.stream())
		.toList();

	private StaticAssets() {
	}

}
