// Keeps the presenter's progress view current without reloading the page.
(function () {
	'use strict';
	var section = document.getElementById('demo-status');
	if (!section || !window.fetch) {
		return;
	}
	var url = section.getAttribute('data-status-url');
	var last = null;
	function text(el, value) { if (el) { el.textContent = value; } }
	function render(s) {
		var state = document.getElementById('demo-state');
		var summary = s.stateText + ' – ' + s.progressText;
		if (summary !== last && state) {
			state.textContent = '';
			var span = document.createElement('span');
			span.textContent = summary;
			state.appendChild(span);
			last = summary;
		}
		var progress = document.getElementById('demo-progress');
		if (progress) { progress.max = s.total; progress.value = s.done; text(progress, s.progressText); }
		var list = document.getElementById('demo-steps');
		if (list) {
			list.textContent = '';
			s.steps.forEach(function (step) {
				var li = document.createElement('li');
				li.setAttribute('data-done', step.done);
				li.textContent = step.text + ' (' + step.stateText + ')';
				list.appendChild(li);
			});
		}
		var links = document.getElementById('demo-links');
		if (links) {
			links.textContent = '';
			[[s.questionUrl, s.steps[0].text], [s.pilotUrl, s.steps[3].text]].forEach(function (l) {
				if (l[0]) {
					var li = document.createElement('li');
					var a = document.createElement('a');
					a.href = l[0];
					a.textContent = l[1];
					li.appendChild(a);
					links.appendChild(li);
				}
			});
		}
	}
	function poll() {
		fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
			.then(function (r) { return r.ok ? r.json() : null; })
			.then(function (s) { if (s) { render(s); } })
			.catch(function () { /* try again on the next tick */ })
			.finally(function () { window.setTimeout(poll, 2000); });
	}
	window.setTimeout(poll, 2000);
})();
