// Small helpers every page uses. The forum works without JavaScript; this only adds comfort.
(function () {
	'use strict';
	window.forum = window.forum || {};
	document.documentElement.classList.add('js');
	// The menu button (under 768 px) folds search, account and navigation.
	var menuButton = document.getElementById('site-menu-button');
	if (menuButton) {
		menuButton.addEventListener('click', function () {
			var header = menuButton.closest('.site-header');
			var open = !header.classList.contains('is-open');
			header.classList.toggle('is-open', open);
			menuButton.setAttribute('aria-expanded', open ? 'true' : 'false');
		});
	}
	// A skip link to a form field puts the cursor into it, not only the view.
	document.querySelectorAll('a.skip-link[href^="#"]').forEach(function (link) {
		link.addEventListener('click', function (event) {
			var target = document.getElementById(link.getAttribute('href').substring(1));
			if (target) { event.preventDefault(); target.focus(); }
		});
	});
	// Characters left under fields with a limit: nothing is cut, the server refuses too long
	// text with a message, and the counter says so before sending.
	document.querySelectorAll('[data-max-chars]').forEach(function (field) {
		var max = parseInt(field.getAttribute('data-max-chars'), 10);
		var out = document.getElementById(field.id + '-count');
		if (!out || !max) { return; }
		var over = false;
		function format(n) { return n.toLocaleString('de-DE'); }
		function update() {
			var length = Array.from(field.value).length;
			var isOver = length > max;
			out.textContent = isOver
				? out.getAttribute('data-over').replace('{0}', format(length - max)).replace('{1}', format(max))
				: out.getAttribute('data-left').replace('{0}', format(max - length)).replace('{1}', format(max));
			out.classList.toggle('char-count--over', isOver);
			if (isOver && !over && window.forum.announce) { window.forum.announce(out.textContent); }
			over = isOver;
		}
		field.addEventListener('input', update);
		update();
	});
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
