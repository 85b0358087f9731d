// Live updates over STOMP on WebSocket: new replies, edits, accepted answers and state
// changes on an open thread page, readers right now, and the unread counter in the
// header. A tiny STOMP 1.2 client (CONNECT, SUBSCRIBE, MESSAGE, heart-beats); it
// reconnects by itself with growing pauses and then catches up, so nothing is missed.
// Without JavaScript every page still works; this only makes it live.
(function () {
	'use strict';
	var NUL = '\u0000';
	var posts = document.getElementById('posts');
	var threadId = posts ? posts.getAttribute('data-thread-id') : null;
	var socket = null;
	var attempt = 0;
	var connected = false;
	var refreshing = false;
	var refreshAgain = false;
	var heartbeat = null;
	var listRoot = document.querySelector('[data-live-topics]');
	var listTopics = listRoot ? listRoot.getAttribute('data-live-topics').split(/\s+/).filter(Boolean) : [];
	var listTimer = null;
	var attemptedBefore = false;

	window.forum = window.forum || {};
	window.forum.live = { state: 'connecting', received: 0 };

	function frame(command, headers, body) {
		var out = command + '\n';
		Object.keys(headers).forEach(function (k) { out += k + ':' + headers[k] + '\n'; });
		return out + '\n' + (body || '') + NUL;
	}

	function parse(data) {
		var frames = [];
		data.split(NUL).forEach(function (raw) {
			raw = raw.replace(/^[\r\n]+/, '');
			if (!raw) { return; }
			var split = raw.indexOf('\n\n');
			var head = (split >= 0 ? raw.substring(0, split) : raw).split('\n');
			var headers = {};
			head.slice(1).forEach(function (line) {
				var i = line.indexOf(':');
				if (i > 0 && !(line.substring(0, i) in headers)) { headers[line.substring(0, i)] = line.substring(i + 1); }
			});
			frames.push({ command: head[0], headers: headers, body: split >= 0 ? raw.substring(split + 2) : '' });
		});
		return frames;
	}

	function connect() {
		var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
		window.forum.live.state = 'connecting';
		try {
			socket = new WebSocket(url);
		} catch (e) {
			schedule();
			return;
		}
		window.forum.live.socket = socket;
		socket.onopen = function () {
			socket.send(frame('CONNECT', { 'accept-version': '1.2', host: location.hostname, 'heart-beat': '20000,20000' }));
		};
		socket.onmessage = function (event) {
			if (event.data === '\n' || event.data === '\r\n') { return; }
			parse(event.data).forEach(handle);
		};
		socket.onclose = function () {
			connected = false;
			window.forum.live.state = 'closed';
			if (heartbeat) { window.clearInterval(heartbeat); heartbeat = null; }
			schedule();
		};
		socket.onerror = function () { /* onclose follows */ };
	}

	function schedule() {
		attempt = Math.min(attempt + 1, 6);
		var pause = Math.min(30000, 1000 * Math.pow(2, attempt - 1)) * (0.75 + Math.random() * 0.5);
		window.setTimeout(connect, pause);
	}

	function handle(f) {
		if (f.command === 'CONNECTED') {
			connected = true;
			attempt = 0;
			window.forum.live.state = 'open';
			heartbeat = window.setInterval(function () {
				if (socket && socket.readyState === 1) { socket.send('\n'); }
			}, 20000);
			socket.send(frame('SUBSCRIBE', { id: 'notifications', destination: '/user/queue/notifications' }));
			if (threadId) {
				socket.send(frame('SUBSCRIBE', { id: 'thread', destination: '/topic/threads/' + threadId }));
				refreshThread();
			}
			listTopics.forEach(function (topic, i) {
				socket.send(frame('SUBSCRIBE', { id: 'list-' + i, destination: topic }));
			});
			if (listTopics.length && attemptedBefore) { refreshLists(); }
			attemptedBefore = true;
			refreshCount();
		} else if (f.command === 'MESSAGE') {
			window.forum.live.received++;
			var body;
			try { body = JSON.parse(f.body); } catch (e) { return; }
			if (f.headers.subscription === 'notifications') {
				showCount(body.unread, true);
			} else if (String(f.headers.subscription).indexOf('list-') === 0) {
				scheduleLists();
			} else if (body.kind === 'PRESENCE') {
				showReaders(body.readers);
			} else {
				refreshThread();
			}
		} else if (f.command === 'ERROR') {
			window.forum.live.state = 'error';
		}
	}

	// Lists and boards (start page, space pages, First Movers, Länder reports): a change
	// reloads the page in the background and swaps the marked regions, unless the reader is
	// working inside one (focus there); then it waits for the next change. The page is the
	// same a reload would show, with the reader's rights.
	function scheduleLists() {
		if (listTimer) { return; }
		// Spread the reloads of many open pages a little.
		listTimer = window.setTimeout(function () { listTimer = null; refreshLists(); }, 200 + Math.random() * 600);
	}

	function refreshLists() {
		fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
			.then(function (r) { return r.ok ? r.text() : null; })
			.then(function (html) {
				if (!html) { return; }
				var doc = new DOMParser().parseFromString(html, 'text/html');
				var fresh = [];
				document.querySelectorAll('[data-live-region]').forEach(function (mine) {
					var theirs = doc.getElementById(mine.id);
					if (!theirs || theirs.innerHTML === mine.innerHTML) { return; }
					if (mine.contains(document.activeElement) && document.activeElement !== document.body) { return; }
					var known = {};
					mine.querySelectorAll('.thread-row__title').forEach(function (a) { known[a.getAttribute('href')] = true; });
					theirs.querySelectorAll('.thread-row__title').forEach(function (a) {
						if (!known[a.getAttribute('href')]) { fresh.push(a.textContent.trim()); }
					});
					var imported = document.importNode(theirs, true);
					mine.replaceWith(imported);
					window.forum.live.listUpdates = (window.forum.live.listUpdates || 0) + 1;
					if (!fresh.length && window.forum.announce) { window.forum.announce(mine.getAttribute('data-live-announce')); }
				});
				if (fresh.length && window.forum.announce) {
					window.forum.announce('Neu: ' + fresh.slice(0, 3).join('; '));
				}
			})
			.catch(function () { /* the next change tries again */ });
	}

	function showCount(unread, announce) {
		var counter = document.getElementById('notification-count');
		if (!counter || typeof unread !== 'number') { return; }
		var before = parseInt(counter.textContent, 10) || 0;
		// The header's counter and the compact one beside the phone menu button.
		document.querySelectorAll('.notification-count').forEach(function (c) {
			c.textContent = String(unread);
			c.classList.toggle('notification-count--zero', unread === 0);
		});
		if (announce && unread > before && window.forum.announce) {
			window.forum.announce(unread === 1 ? 'Eine ungelesene Benachrichtigung' : unread + ' ungelesene Benachrichtigungen');
		}
	}

	function refreshCount() {
		fetch('/benachrichtigungen/anzahl', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
			.then(function (r) { return r.ok ? r.json() : null; })
			.then(function (b) { if (b) { showCount(b.unread, false); } })
			.catch(function () { /* next event tries again */ });
	}

	function showReaders(n) {
		var el = document.getElementById('presence');
		if (!el || typeof n !== 'number') { return; }
		el.textContent = n <= 0 ? '' : (n === 1 ? '1 Person liest gerade mit' : n + ' Personen lesen gerade mit');
	}

	// Loads the page the reader is on and merges it: new posts are appended, changed ones
	// replaced, the state badge and the reply area follow. Events only trigger this, so a
	// burst of events costs one request, order comes from the server, and nothing is
	// shown twice.
	function refreshThread() {
		if (!threadId) { return; }
		if (refreshing) { refreshAgain = true; return; }
		refreshing = true;
		var page = parseInt(posts.getAttribute('data-page'), 10) || 0;
		fetch('/t/' + threadId + '?seite=' + (page + 1), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
			.then(function (r) { return r.ok ? r.text() : null; })
			.then(function (html) { if (html) { merge(new DOMParser().parseFromString(html, 'text/html')); } })
			.catch(function () { /* the next event or reconnect tries again */ })
			.then(function () {
				refreshing = false;
				if (refreshAgain) { refreshAgain = false; refreshThread(); }
			});
	}

	function merge(doc) {
		var fresh = doc.getElementById('posts');
		if (!fresh) { return; }
		var last = parseInt(posts.getAttribute('data-last-number'), 10) || 0;
		var added = [];
		Array.prototype.forEach.call(fresh.querySelectorAll(':scope > li.post'), function (li) {
			var existing = document.getElementById(li.id);
			var imported = document.importNode(li, true);
			if (existing) {
				if (existing.innerHTML !== li.innerHTML || existing.className !== li.className) {
					existing.replaceWith(imported);
				}
			} else {
				posts.appendChild(imported);
				added.push(imported);
			}
		});
		var newLast = parseInt(fresh.getAttribute('data-last-number'), 10) || last;
		posts.setAttribute('data-last-number', String(newLast));
		posts.setAttribute('data-page-count', fresh.getAttribute('data-page-count') || '1');
		replace(doc, 'thread-state');
		replaceAll(doc, '.accepted-link');
		replaceAll(doc, '.accepted-summary');
		var reply = document.getElementById('antwort');
		var text = document.getElementById('reply-text');
		var freshReply = doc.getElementById('antwort');
		if (reply && freshReply && (!text || !text.value.trim()) && reply.innerHTML !== freshReply.innerHTML
				&& !!doc.getElementById('reply-form') !== !!document.getElementById('reply-form')) {
			reply.replaceWith(document.importNode(freshReply, true));
		}
		var pager = doc.querySelector('nav.pager');
		var more = document.getElementById('more-replies');
		if (newLast > last && added.length === 0 && !more) {
			more = document.createElement('p');
			more.id = 'more-replies';
			more.className = 'kern-alert kern-alert--info';
			more.innerHTML = '<a href="/beitraege/' + threadId + '-' + newLast + '">Neue Antworten auf der nächsten Seite lesen</a>';
			posts.insertAdjacentElement('afterend', more);
		}
		if (pager && !document.querySelector('nav.pager')) {
			posts.insertAdjacentElement('afterend', document.importNode(pager, true));
		}
		if (added.length && window.forum.announce) {
			var author = added[added.length - 1].querySelector('.post__author');
			var who = author ? author.textContent.trim() : '';
			window.forum.announce(added.length === 1 ? 'Neue Antwort' + (who ? ' von ' + who : '')
				: added.length + ' neue Antworten');
		}
	}

	function replace(doc, id) {
		var mine = document.getElementById(id);
		var fresh = doc.getElementById(id);
		if (mine && fresh && mine.outerHTML !== fresh.outerHTML) { mine.replaceWith(document.importNode(fresh, true)); }
	}

	function replaceAll(doc, selector) {
		var mine = document.querySelector(selector);
		var fresh = doc.querySelector(selector);
		if (mine && !fresh) { mine.remove(); }
		else if (mine && fresh) { if (mine.outerHTML !== fresh.outerHTML) { mine.replaceWith(document.importNode(fresh, true)); } }
		else if (!mine && fresh) {
			var anchor = selector === '.accepted-link' ? document.querySelector('.thread-head') : null;
			if (anchor) { anchor.appendChild(document.importNode(fresh, true)); }
			else if (selector === '.accepted-summary') { posts.insertAdjacentElement('beforebegin', document.importNode(fresh, true)); }
		}
	}

	// @name autocomplete in reply and new-thread editors.
	function mentions(textarea) {
		var list = document.createElement('ul');
		list.className = 'mention-list';
		list.id = textarea.id + '-mentions';
		list.setAttribute('role', 'listbox');
		list.setAttribute('aria-label', 'Mitglieder erwähnen');
		list.hidden = true;
		textarea.insertAdjacentElement('afterend', list);
		textarea.setAttribute('aria-controls', list.id);
		var active = -1;
		var timer = null;
		function close() { list.hidden = true; list.innerHTML = ''; active = -1; textarea.removeAttribute('aria-activedescendant'); }
		function word() {
			var before = textarea.value.substring(0, textarea.selectionStart);
			var m = /(^|[^\w@.])@([\w.-]{1,40})$/.exec(before);
			return m ? m[2] : null;
		}
		function pick(username) {
			var pos = textarea.selectionStart;
			var before = textarea.value.substring(0, pos).replace(/@[\w.-]{1,40}$/, '@' + username + ' ');
			textarea.value = before + textarea.value.substring(pos);
			textarea.selectionStart = textarea.selectionEnd = before.length;
			close();
			textarea.focus();
		}
		function highlight(i) {
			var items = list.querySelectorAll('li');
			if (!items.length) { return; }
			active = (i + items.length) % items.length;
			items.forEach(function (li, j) { li.setAttribute('aria-selected', j === active ? 'true' : 'false'); });
			textarea.setAttribute('aria-activedescendant', items[active].id);
		}
		textarea.addEventListener('input', function () {
			var prefix = word();
			window.clearTimeout(timer);
			if (!prefix) { close(); return; }
			timer = window.setTimeout(function () {
				fetch('/mitglieder/vorschlaege?praefix=' + encodeURIComponent(prefix), { credentials: 'same-origin' })
					.then(function (r) { return r.ok ? r.json() : []; })
					.then(function (found) {
						list.innerHTML = '';
						found.forEach(function (m, i) {
							var li = document.createElement('li');
							li.id = list.id + '-' + i;
							li.setAttribute('role', 'option');
							li.textContent = m.name + ' (@' + m.username + ')';
							li.addEventListener('mousedown', function (e) { e.preventDefault(); pick(m.username); });
							li.dataset.username = m.username;
							list.appendChild(li);
						});
						list.hidden = found.length === 0;
						active = -1;
						if (found.length && window.forum.announce) { window.forum.announce(found.length + ' Vorschläge, mit Pfeiltasten wählen'); }
					})
					.catch(close);
			}, 150);
		});
		textarea.addEventListener('keydown', function (e) {
			if (list.hidden) { return; }
			if (e.key === 'ArrowDown') { e.preventDefault(); highlight(active + 1); }
			else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active - 1); }
			else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); pick(list.querySelectorAll('li')[active].dataset.username); }
			else if (e.key === 'Escape') { close(); }
		});
		textarea.addEventListener('blur', function () { window.setTimeout(close, 200); });
	}
	['reply-text', 'text'].forEach(function (id) {
		var t = document.getElementById(id);
		if (t && t.tagName === 'TEXTAREA') { mentions(t); }
	});

	if ('WebSocket' in window) { connect(); }
})();
