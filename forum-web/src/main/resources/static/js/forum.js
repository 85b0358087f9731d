// Small helpers every page uses. The forum works without JavaScript; this only adds comfort.
(function () {
	'use strict';
	window.forum = window.forum || {};
	window.forum.csrf = function () {
		var token = document.querySelector('meta[name="csrf-token"]');
		var header = document.querySelector('meta[name="csrf-header"]');
		return token && header ? { header: header.content, token: token.content } : null;
	};
	// Each announcement is its own paragraph in the polite live region, so two that come
	// close together (a new reply and the unread counter) are both read; the last three stay.
	window.forum.announce = function (text) {
		var region = document.getElementById('live-region');
		if (region) {
			window.setTimeout(function () {
				var p = document.createElement('p');
				p.textContent = text;
				region.appendChild(p);
				while (region.children.length > 3) { region.removeChild(region.firstElementChild); }
			}, 50);
		}
	};
})();
