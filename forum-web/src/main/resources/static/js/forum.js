// Small helpers every page uses. The forum works without JavaScript; this only adds comfort.
(function () {
	'use strict';
	window.forum = window.forum || {};
	window.forum.csrf = function () {
		var token = document.querySelector('meta[name="csrf-token"]');
		var header = document.querySelector('meta[name="csrf-header"]');
		return token && header ? { header: header.content, token: token.content } : null;
	};
	window.forum.announce = function (text) {
		var region = document.getElementById('live-region');
		if (region) {
			region.textContent = '';
			window.setTimeout(function () { region.textContent = text; }, 50);
		}
	};
})();
