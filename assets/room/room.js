// The room's phone page. No framework, no build step, nothing from outside the room.
// Every text that comes from a participant or the project is set with textContent, never as
// markup, so a title like <img src=x onerror=…> shows as those characters and runs nothing.
'use strict';

(function () {
  const base = document.documentElement.dataset.base;
  const $ = (id) => document.getElementById(id);
  const PHASES = { EarlyDays: 'Early days', FirstDisagreement: 'First disagreement', LongTerm: 'Long term' };
  const FEELINGS = [-2, -1, 0, 1, 2];
  const feelingLabel = (f) => (f > 0 ? '+' + f : f < 0 ? '\u2212' + -f : '0');
  const STATUS = { pending: 'Waiting', accepted: 'Taken', dismissed: 'Not taken' };

  let state = null;
  let closed = false;
  let phase = null;
  let feeling = null;
  let events = null;
  let retry = 1000;

  // An element with text content only: the one way this page puts text on screen.
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  async function api(method, path, body) {
    const init = { method, credentials: 'same-origin', cache: 'no-store', headers: {} };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const res = await fetch(base + path, init);
    let data = null;
    try { data = await res.json(); } catch (_) { data = null; }
    return { status: res.status, data, retryAfter: res.headers.get('Retry-After') };
  }

  // Words for an answer that is not a success.
  function problem(r) {
    if (r.status === 429) return 'You have sent a lot at once. Try again in ' + (r.retryAfter || 'a few') + ' seconds.';
    if (r.status === 403) {
      // Refused as a participant who is paused, or (the room no longer knows this phone) asked
      // to load the page again, which makes it a participant.
      const why = r.data && typeof r.data.error === 'string' ? r.data.error : '';
      if (why.indexOf('page first') >= 0) return 'Reload this page to take part.';
      showBlocked();
      return 'The facilitator has paused your part in this room.';
    }
    if (r.status === 409) return 'That has just closed.';
    if (r.status === 503) return 'The room is full.';
    if (r.status === 410 || r.status === 404) { showClosed(); return 'The room has closed.'; }
    const why = r.data && typeof r.data.error === 'string' ? r.data.error : 'Something went wrong (' + r.status + ').';
    return why.charAt(0).toUpperCase() + why.slice(1);
  }

  // ---- Rendering -------------------------------------------------------------------------

  function render(s) {
    if (s.vote && sendDots.local) s.vote.mine = sendDots.local.dots;
    if (s.poll && sendFeelings.local) Object.assign(s.poll.mine, sendFeelings.local);
    state = s;
    $('project').textContent = s.project;
    $('journey').textContent = s.journey;
    document.title = s.journey + ' \u00b7 Rapport room';
    const you = $('you');
    you.textContent = 'You are participant ' + s.you;
    you.hidden = false;
    renderLanes(s.lanes);
    renderMine(s.mine);
    renderVote(s);
    renderPoll(s);
    renderComments(s);
  }

  function renderLanes(lanes) {
    const select = $('lane');
    const current = select.value;
    const have = Array.from(select.options).slice(1).map((o) => o.value);
    if (have.length === lanes.length && have.every((l, i) => l === lanes[i])) return;
    while (select.options.length > 1) select.remove(1);
    for (const lane of lanes) {
      const o = el('option', '', lane);
      o.value = lane;
      select.appendChild(o);
    }
    select.value = lanes.includes(current) ? current : '';
  }

  function renderMine(mine) {
    const list = $('mine');
    list.replaceChildren();
    $('mine-empty').hidden = mine.length > 0;
    for (const p of mine.slice().reverse()) {
      const li = el('li');
      li.appendChild(el('span', 't', p.title));
      li.appendChild(el('span', 'badge ' + p.status, STATUS[p.status] || p.status));
      list.appendChild(li);
    }
  }

  function byPhase(touchpoints, keep) {
    const groups = [];
    for (const ph of Object.keys(PHASES)) {
      const items = touchpoints.filter((t) => t.phase === ph && keep(t));
      if (items.length) groups.push([ph, items]);
    }
    return groups;
  }

  function renderVote(s) {
    const section = $('vote');
    if (!s.vote) { section.hidden = true; return; }
    section.hidden = false;
    const mine = s.vote.mine;
    $('vote-question').textContent = s.vote.question;
    const left = s.vote.dots - mine.length;
    $('vote-left').textContent = (left === 1 ? '1 dot left' : left + ' dots left (of ' + s.vote.dots + ')') +
      '. Several on one moment is fine.';
    const list = $('vote-list');
    list.replaceChildren();
    for (const [ph, items] of byPhase(s.touchpoints, () => true)) {
      list.appendChild(el('h3', 'phase-head', PHASES[ph]));
      for (const t of items) {
        const placed = mine.filter((id) => id === t.id).length;
        const row = el('div', placed ? 'row voted' : 'row');
        const text = el('div', 'what');
        text.appendChild(el('span', 't', t.title));
        if (placed) {
          const dots = el('span', 'dots', '\u25cf'.repeat(placed));
          dots.setAttribute('aria-label', placed + (placed === 1 ? ' dot' : ' dots') + ' placed');
          text.appendChild(dots);
        }
        const less = el('button', 'dot-btn', '\u2212');
        less.type = 'button';
        less.disabled = placed === 0;
        less.setAttribute('aria-label', 'Take a dot back from ' + t.title);
        less.addEventListener('click', () => changeDots(t.id, -1));
        const more = el('button', 'dot-btn', '+');
        more.type = 'button';
        more.disabled = left <= 0;
        more.setAttribute('aria-label', 'Place a dot on ' + t.title);
        more.addEventListener('click', () => changeDots(t.id, 1));
        row.append(text, less, more);
        list.appendChild(row);
      }
    }
  }

  function changeDots(id, delta) {
    if (!state || !state.vote) return;
    const dots = state.vote.mine.slice();
    if (delta > 0) {
      if (dots.length >= state.vote.dots) return;
      dots.push(id);
    } else {
      const at = dots.lastIndexOf(id);
      if (at < 0) return;
      dots.splice(at, 1);
    }
    state.vote.mine = dots;
    renderVote(state);
    sendDots({ dots });
  }

  // One request of a kind in flight at a time, the latest wins: two taps in a row could
  // otherwise arrive in the other order and leave the room with the older dots.
  // While they are on their way, what the participant did shows over the room's state.
  function latestWins(method, path, merge, onDone) {
    let waiting = null;
    const sender = function (body) {
      sender.local = sender.local === null ? body : merge(sender.local, body);
      waiting = waiting === null ? body : merge(waiting, body);
      if (sender.busy) return;
      sender.busy = true;
      (async () => {
        let failed = null;
        while (waiting !== null) {
          const next = waiting;
          waiting = null;
          const r = await send(method, path, next);
          if (r && r.status !== 200) failed = r;
        }
        sender.busy = false;
        sender.local = null;
        onDone(failed);
      })();
    };
    sender.busy = false;
    sender.local = null;
    return sender;
  }

  const sendDots = latestWins('PUT', '/vote', (_, latest) => latest, async (failed) => {
    if (!failed) return;
    const message = problem(failed);
    await refresh();
    if (state && state.vote) $('vote-left').textContent = message;
  });

  const sendFeelings = latestWins('PUT', '/feelings', (a, b) => Object.assign({}, a, b), (failed) => {
    if (failed) refresh();
  });

  function scale(chosen, onPick, label) {
    const box = el('div', 'scale');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', label);
    for (const f of FEELINGS) {
      const b = el('button', '', feelingLabel(f));
      b.type = 'button';
      b.setAttribute('aria-pressed', String(chosen === f));
      b.addEventListener('click', () => onPick(f));
      box.appendChild(b);
    }
    return box;
  }

  function renderPoll(s) {
    const section = $('poll');
    if (!s.poll) { section.hidden = true; return; }
    section.hidden = false;
    const list = $('poll-list');
    list.replaceChildren();
    const asked = new Set(s.poll.touchpoints);
    for (const [ph, items] of byPhase(s.touchpoints, (t) => asked.has(t.id))) {
      list.appendChild(el('h3', 'phase-head', PHASES[ph]));
      for (const t of items) {
        const item = el('div', 'poll-item');
        item.appendChild(el('p', 't', t.title));
        const chosen = s.poll.mine[String(t.id)];
        item.appendChild(scale(chosen, (f) => answer(t.id, f), 'How the customer feels at ' + t.title));
        list.appendChild(item);
      }
    }
  }

  function answer(id, f) {
    if (!state || !state.poll) return;
    state.poll.mine[String(id)] = f;
    renderPoll(state);
    const body = {};
    body[String(id)] = f;
    sendFeelings(body);
  }

  // ---- Commenting (while the facilitator allows it) ----------------------------------------

  let commentFor = null;

  // The list of touchpoints with their Comment buttons; rebuilt only when what it shows
  // changes, so a comment being typed keeps its place and focus while the room moves on.
  function renderComments(s) {
    const section = $('comment-card');
    const form = $('comment-form');
    if (!s.comments) {
      section.hidden = true;
      commentFor = null;
      form.hidden = true;
      return;
    }
    section.hidden = false;
    if (commentFor !== null && !s.touchpoints.some((t) => t.id === commentFor)) {
      commentFor = null;
      form.hidden = true;
    }
    const key = JSON.stringify([s.touchpoints.map((t) => [t.id, t.title, t.phase]), s.commented, commentFor]);
    if (key === renderComments.key) return;
    renderComments.key = key;
    const list = $('comment-list');
    section.appendChild(form);
    list.replaceChildren();
    for (const [ph, items] of byPhase(s.touchpoints, () => true)) {
      list.appendChild(el('h3', 'phase-head', PHASES[ph]));
      for (const t of items) {
        const row = el('div', 'row');
        const what = el('div', 'what');
        what.appendChild(el('span', 't', t.title));
        const mine = s.commented.filter((id) => id === t.id).length;
        if (mine) what.appendChild(el('span', 'mark', mine === 1 ? 'You commented' : 'You commented ' + mine + ' times'));
        const b = el('button', 'comment-btn', 'Comment');
        b.type = 'button';
        b.setAttribute('aria-label', 'Comment on ' + t.title);
        b.setAttribute('aria-expanded', String(commentFor === t.id));
        b.addEventListener('click', () => openComment(t));
        row.append(what, b);
        list.appendChild(row);
        if (commentFor === t.id) list.appendChild(form);
      }
    }
  }

  function openComment(t) {
    commentFor = commentFor === t.id ? null : t.id;
    const form = $('comment-form');
    form.hidden = commentFor === null;
    $('comment-error').hidden = true;
    $('comment-sent').hidden = true;
    $('comment-about').textContent = 'Your comment on \u201c' + t.title + '\u201d';
    renderComments.key = null;
    if (state) renderComments(state);
    if (commentFor !== null) $('comment-text').focus();
  }

  function setupComments() {
    const name = $('comment-name');
    try { name.value = localStorage.getItem('rapport-name') || ''; } catch (_) { /* no storage: ask each time */ }
    name.addEventListener('change', () => {
      try { localStorage.setItem('rapport-name', name.value.trim()); } catch (_) { /* kept for this page only */ }
    });
    const text = $('comment-text');
    const count = () => {
      const n = Array.from(text.value.trim()).length;
      $('comment-count').textContent = n + ' / 2000';
      $('comment-count').classList.toggle('over', n > 2000);
    };
    text.addEventListener('input', count);
    count();
    $('comment-cancel').addEventListener('click', () => {
      commentFor = null;
      $('comment-form').hidden = true;
      renderComments.key = null;
      if (state) renderComments(state);
    });
    $('comment-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const error = $('comment-error');
      error.hidden = true;
      const words = text.value.trim();
      if (!words) { error.textContent = 'Write a few words first.'; error.hidden = false; return; }
      if (commentFor === null) return;
      const body = { touchpoint: commentFor, text: words };
      if (name.value.trim()) body.name = name.value.trim();
      $('comment-send').disabled = true;
      const r = await send('POST', '/comments', body);
      $('comment-send').disabled = false;
      if (!r) return;
      if (r.status === 201) {
        text.value = '';
        count();
        commentFor = null;
        $('comment-form').hidden = true;
        $('comment-sent').hidden = false;
        refresh();
      } else {
        error.textContent = r.status === 409 ? 'The facilitator has closed comments.' : problem(r);
        error.hidden = false;
      }
    });
  }

  // ---- Proposing -------------------------------------------------------------------------

  function setupForm() {
    for (const b of document.querySelectorAll('.phase')) {
      b.addEventListener('click', () => {
        phase = b.dataset.phase;
        for (const o of document.querySelectorAll('.phase')) o.setAttribute('aria-pressed', String(o === b));
      });
    }
    const feelingBox = $('feeling');
    const drawFeeling = () => {
      feelingBox.replaceChildren(...scale(feeling, (f) => {
        feeling = feeling === f ? null : f;
        drawFeeling();
      }, 'How the customer feels here').childNodes);
    };
    drawFeeling();
    const title = $('title');
    const count = () => {
      const n = Array.from(title.value.trim()).length;
      $('count').textContent = n + ' / 120';
      $('count').classList.toggle('over', n > 120);
    };
    title.addEventListener('input', () => { count(); $('sent').hidden = true; });
    count();
    $('propose').addEventListener('submit', async (e) => {
      e.preventDefault();
      const error = $('propose-error');
      error.hidden = true;
      const text = title.value.trim();
      if (!text) return fail('Write a few words first.');
      if (!phase) return fail('Choose when in the relationship it happens.');
      const body = { title: text, phase };
      if ($('lane').value) body.lane = $('lane').value;
      if (feeling !== null) body.feeling = feeling;
      $('send').disabled = true;
      const r = await send('POST', '/proposals', body);
      $('send').disabled = false;
      if (!r) return;
      if (r.status === 201) {
        title.value = '';
        count();
        $('sent').hidden = false;
        refresh();
      } else {
        fail(problem(r));
      }
    });
    function fail(message) {
      const error = $('propose-error');
      error.textContent = message;
      error.hidden = false;
    }
  }

  // A request, or null (with the page saying so) when the facilitator's laptop is unreachable.
  async function send(method, path, body) {
    if (closed) return null;
    try {
      return await api(method, path, body);
    } catch (_) {
      $('offline').hidden = false;
      return null;
    }
  }

  // ---- Following the facilitator ---------------------------------------------------------

  async function refresh() {
    const r = await send('GET', '/state');
    if (!r) return false;
    if (r.status === 200 && r.data) { $('offline').hidden = true; render(r.data); return true; }
    problem(r);
    return false;
  }

  function listen() {
    if (closed) return;
    events = new EventSource(base + '/events');
    events.addEventListener('open', () => { retry = 1000; $('offline').hidden = true; });
    events.addEventListener('state', (e) => {
      $('offline').hidden = true;
      try { render(JSON.parse(e.data)); } catch (_) { /* a damaged event: the next one repairs it */ }
    });
    events.addEventListener('closed', showClosed);
    events.addEventListener('error', () => {
      if (closed) return;
      $('offline').hidden = false;
      // The browser reconnects by itself unless the stream failed for good; then try again
      // later, slower each time, and ask for the state in case the stream cannot come back.
      if (events.readyState === EventSource.CLOSED) {
        events = null;
        setTimeout(async () => { await refresh(); listen(); }, retry);
        retry = Math.min(retry * 2, 15000);
      }
    });
  }

  function showClosed() {
    closed = true;
    if (events) { events.close(); events = null; }
    $('closed').hidden = false;
    $('offline').hidden = true;
    document.body.classList.add('is-closed');
    for (const c of document.querySelectorAll('button, textarea, select, input')) c.disabled = true;
  }

  function showBlocked() {
    $('blocked').hidden = false;
  }

  setupForm();
  setupComments();
  refresh().then(listen);
})();
