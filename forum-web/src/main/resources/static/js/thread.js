// Thread page: Markdown preview in place, quoting into the reply form, one submit per click.
(function () {
	'use strict';
	document.querySelectorAll('[data-preview-for]').forEach(function (button) {
		button.addEventListener('click', function (event) {
			event.preventDefault();
			var source = document.getElementById(button.dataset.previewFor);
			var target = document.getElementById(button.dataset.previewTarget);
			var csrf = window.forum.csrf();
			var headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
			if (csrf) { headers[csrf.header] = csrf.token; }
			fetch('/vorschau', { method: 'POST', headers: headers, credentials: 'same-origin',
				body: 'text=' + encodeURIComponent(source.value) })
				.then(function (response) { return response.text(); })
				.then(function (html) {
					// The server sanitized the HTML with the same allow-list as stored posts.
					target.innerHTML = html;
					target.hidden = false;
				});
		});
	});
	// One listener for every "Zitieren", also on replies that arrived live.
	document.addEventListener('click', function (event) {
		var link = event.target.closest ? event.target.closest('[data-quote-number]') : null;
		var text = document.getElementById('reply-text');
		if (!link || !text) { return; }
		event.preventDefault();
		// The source is fetched when needed, not sent with every post of the page.
		var posts = document.getElementById('posts');
		var id = posts.getAttribute('data-thread-id') + '-' + link.dataset.quoteNumber;
		fetch('/beitraege/' + id + '/markdown', { credentials: 'same-origin', headers: { Accept: 'text/markdown' } })
			.then(function (r) { return r.ok ? r.text() : ''; })
			.catch(function () { return ''; })
			.then(function (quoted) {
				var lines = quoted.split('\n').slice(0, 12).map(function (line) { return '> ' + line; }).join('\n');
				text.value = '> **' + link.dataset.quoteAuthor + '** schrieb:\n' + lines + '\n\n' + text.value;
				document.getElementById('reply-quote').value = link.dataset.quoteNumber;
				text.focus();
			});
	});
	document.querySelectorAll('form').forEach(function (form) {
		form.addEventListener('submit', function (event) {
			if (event.submitter && event.submitter.dataset.previewFor) { return; }
			if (form.dataset.submitted === 'true') { event.preventDefault(); return; }
			form.dataset.submitted = 'true';
		});
	});
	// "Ähnliche Fragen": beside a thread, and while a new question's title is typed.
	var similar = document.querySelector('[data-similar-url]');
	function load(url, target) {
		fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
			.then(function (r) { return r.ok ? r.text() : ''; })
			.then(function (html) { target.innerHTML = html.trim(); })
			.catch(function () { target.innerHTML = ''; });
	}
	if (similar) { load(similar.getAttribute('data-similar-url'), similar); }
	var title = document.getElementById('f-titel');
	var box = document.getElementById('similar-questions');
	if (title && box) {
		var timer = null;
		title.addEventListener('input', function () {
			window.clearTimeout(timer);
			timer = window.setTimeout(function () {
				var text = title.value.trim();
				if (text.length < 5) { box.innerHTML = ''; return; }
				load('/suche/aehnlich?titel=' + encodeURIComponent(text), box);
			}, 400);
		});
	}
})();
