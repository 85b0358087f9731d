// Keeps the presenter's view current without reloading the page: state, progress, and
// for each step what it shows and where to look.
(function () {
	'use strict';
	var section = document.getElementById('demo-status');
	if (!section || !window.fetch) {
		return;
	}
	var url = section.getAttribute('data-status-url');
	var last = null;
	function render(s) {
		var state = document.getElementById('demo-state');
		var summary = 'Stand: ' + s.stateText + ' – ' + s.progressText + (s.run > 0 ? ' – Lauf ' + s.run : '');
		if (summary !== last && state) {
			state.textContent = '';
			var span = document.createElement('span');
			span.textContent = summary;
			state.appendChild(span);
			last = summary;
		}
		var progress = document.getElementById('demo-progress');
		if (progress) { progress.max = s.total; progress.value = s.done; progress.textContent = s.progressText; }
		var list = document.getElementById('demo-steps');
		if (list) {
			var label = list.getAttribute('data-where-label');
			list.textContent = '';
			s.steps.forEach(function (step) {
				var li = document.createElement('li');
				li.setAttribute('data-done', step.done);
				li.setAttribute('data-next', step.next);
				li.appendChild(document.createTextNode(step.text + ' (' + step.stateText + ') '));
				var meta = document.createElement('span');
				meta.className = 'meta';
				meta.appendChild(document.createTextNode(step.shows + ' '));
				var a = document.createElement('a');
				a.href = step.where;
				a.target = '_blank';
				a.textContent = label + ': ' + step.where;
				meta.appendChild(a);
				li.appendChild(meta);
				list.appendChild(li);
			});
		}
	}
	function poll() {
		fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
			.then(function (r) { return r.ok ? r.json() : null; })
			.then(function (s) { if (s) { render(s); } })
			.catch(function () { /* try again on the next tick */ })
			.finally(function () { window.setTimeout(poll, 1000); });
	}
	window.setTimeout(poll, 1000);
})();
