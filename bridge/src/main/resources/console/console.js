// wabridge operator console: plain JavaScript, no build step. Every action is a command the bridge receives
// through Kafka; its result comes back as a command_result event on the page's event stream.
'use strict';
(function () {
  const RESULT_TIMEOUT_MS = 30000;
  let csrf = '';

  function $(id) { return document.getElementById(id); }

  function banner(text) {
    const b = $('banner');
    if (!b) { return; }
    b.textContent = text || '';
    b.hidden = !text;
  }

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (csrf) { headers['X-CSRF-Token'] = csrf; }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    let response;
    try {
      response = await fetch(path, { method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      return { status: 0, json: { error: 'the bridge did not answer (' + e.message + ')' } };
    }
    if (response.status === 401) { window.location.href = '/console/login'; }
    let json = {};
    try { json = await response.json(); } catch (e) { json = {}; }
    return { status: response.status, json };
  }

  async function whoami() {
    const r = await api('GET', '/console/api/me');
    if (r.status !== 200) { return; }
    csrf = r.json.csrf || '';
    $('who').textContent = r.json.authEnabled ? 'Signed in as ' + r.json.user : 'Authentication is off';
    const out = $('sign-out');
    out.hidden = !r.json.signOut;
    out.addEventListener('click', async () => {
      await api('POST', '/console/api/signout');
      window.location.href = '/console/login';
    });
  }

  function cell(row, text) {
    const td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    row.appendChild(td);
    return td;
  }

  // --- sessions page ---
  async function refreshSessions() {
    const r = await api('GET', '/console/api/sessions');
    const note = $('sessions-note');
    if (r.status !== 200) {
      note.textContent = 'The session table is unavailable: ' + (r.json.error || 'HTTP ' + r.status) + '. Retrying…';
      banner(r.status === 503 || r.status === 0 ? 'The views are not answering (Kafka or the workers may be down): '
        + (r.json.error || '') : '');
      return;
    }
    banner('');
    note.textContent = r.json.sessions.length + ' session(s)';
    const body = document.querySelector('#sessions tbody');
    body.replaceChildren();
    for (const s of r.json.sessions) {
      const row = document.createElement('tr');
      row.dataset.session = s.sessionId;
      const a = document.createElement('a');
      a.href = '/console/sessions/' + encodeURIComponent(s.sessionId);
      a.textContent = s.sessionId;
      const first = document.createElement('td');
      first.appendChild(a);
      row.appendChild(first);
      cell(row, s.state).className = 'state-' + String(s.state).toLowerCase();
      cell(row, s.me && (s.me.pn || s.me.lid));
      cell(row, s.worker);
      cell(row, s.stateSince || s.updatedAt);
      cell(row, s.messagesIn);
      cell(row, s.messagesOut);
      body.appendChild(row);
    }
  }

  function initIndex() {
    $('link-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const id = $('link-session').value.trim();
      const pairing = document.querySelector('input[name=pairing]:checked').value;
      const r = await api('POST', '/console/api/sessions/' + encodeURIComponent(id) + '/connect',
        { pairing, phone: $('link-phone').value.trim() });
      const out = $('link-result');
      if (r.status === 202) {
        out.textContent = 'Sent connect command ' + r.json.commandId + '; opening the session…';
        window.location.href = '/console/sessions/' + encodeURIComponent(id) + '?linking=' + pairing
          + '&command=' + encodeURIComponent(r.json.commandId);
      } else {
        out.textContent = (r.json.code ? r.json.code + ': ' : '') + (r.json.error || 'HTTP ' + r.status);
        out.className = 'result error';
      }
    });
    refreshSessions();
    setInterval(refreshSessions, 2000);
  }

  // --- session page ---
  const pending = new Map();

  function addCommand(commandId, action) {
    const row = document.createElement('tr');
    row.dataset.commandId = commandId;
    cell(row, commandId).className = 'mono';
    cell(row, action);
    const result = cell(row, 'waiting for the result…');
    result.className = 'command-result';
    result.dataset.result = 'pending';
    document.querySelector('#commands tbody').prepend(row);
    pending.set(commandId, setTimeout(() => {
      if (result.dataset.result === 'pending') {
        result.textContent = 'no result after ' + RESULT_TIMEOUT_MS / 1000 + ' s: is a worker running, and Kafka up?';
        result.dataset.result = 'timeout';
      }
    }, RESULT_TIMEOUT_MS));
  }

  function commandResult(ev) {
    const row = document.querySelector('#commands tr[data-command-id="' + CSS.escape(ev.causationId) + '"]');
    if (!row) { return; }
    clearTimeout(pending.get(ev.causationId));
    const result = row.querySelector('.command-result');
    result.dataset.result = ev.ok ? 'ok' : 'error';
    result.textContent = ev.ok ? 'ok' : ev.code + ': ' + ev.message;
  }

  async function action(id, what, path, body) {
    const r = await api('POST', '/console/api/sessions/' + encodeURIComponent(id) + '/' + path, body);
    if (r.status === 202) {
      addCommand(r.json.commandId, what);
      banner('');
    } else {
      banner((r.json.code ? r.json.code + ': ' : '') + (r.json.error || 'HTTP ' + r.status));
    }
    return r;
  }

  function setState(state) {
    const s = $('state');
    s.textContent = state;
    s.dataset.state = state;
    if (state === 'OPEN') {
      $('pairing').hidden = true;
      $('qr').replaceChildren(); // no QR code is kept on the page once linked
      $('qr').dataset.qr = '';
    }
  }

  function showEvent(ev) {
    const list = $('events');
    if (ev.eventId && list.querySelector('li[data-event-id="' + CSS.escape(ev.eventId) + '"]')) { return; }
    const li = document.createElement('li');
    li.dataset.eventId = ev.eventId;
    li.dataset.type = ev.type;
    const time = document.createElement('time');
    time.dateTime = ev.occurredAt;
    time.textContent = ev.occurredAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const text = document.createElement('span');
    text.textContent = ' ' + ev.summary;
    li.append(time, text);
    list.prepend(li);
    while (list.children.length > 200) { list.lastChild.remove(); }
    switch (ev.type) {
      case 'connection_update': setState(ev.state); break;
      case 'qr': {
        if (!ev.qr) { break; } // expired (replayed from the recent events): nothing to scan
        $('pairing').hidden = false;
        const qr = $('qr');
        qr.innerHTML = ev.qrSvg; // server-made SVG: squares only, no text from the payload
        qr.dataset.qr = ev.qr;
        break;
      }
      case 'pairing_code':
        $('pairing').hidden = false;
        $('pairing-code').textContent = ev.pairingCode.slice(0, 4) + '-' + ev.pairingCode.slice(4);
        break;
      case 'paired':
      case 'logged_out':
        $('qr').replaceChildren();
        $('qr').dataset.qr = '';
        $('pairing').hidden = true;
        if (ev.type === 'logged_out') { setState('LOGGED_OUT'); }
        break;
      case 'command_result': commandResult(ev); break;
      default: break;
    }
  }

  function initSession() {
    const id = decodeURIComponent(window.location.pathname.split('/').pop());
    $('session-id').textContent = id;
    document.title = 'Session ' + id + ' · wabridge console';
    const params = new URLSearchParams(window.location.search);
    if (params.get('command')) { addCommand(params.get('command'), 'connect (' + params.get('linking') + ')'); }
    if (params.get('linking')) { $('pairing').hidden = false; }
    api('GET', '/console/api/sessions/' + encodeURIComponent(id)).then((r) => {
      if (r.status === 200) {
        if ($('state').dataset.state === '') { setState(r.json.state); }
        $('me').textContent = r.json.me && r.json.me.pn ? 'as ' + r.json.me.pn : '';
      } else if (r.status === 400) {
        banner(r.json.code + ': ' + r.json.error);
      } else if (r.status === 404) {
        $('me').textContent = '(not in the views yet)';
      } else {
        banner('The views are not answering: ' + (r.json.error || 'HTTP ' + r.status));
      }
    });
    $('connect-qr').addEventListener('click', () => action(id, 'connect', 'connect', { pairing: 'qr' }));
    $('disconnect').addEventListener('click', () => {
      if (window.confirm('Disconnect session ' + id + '? It stays linked; Connect opens it again.')) {
        action(id, 'disconnect', 'disconnect');
      }
    });
    $('logout').addEventListener('click', () => {
      if (window.confirm('Log out session ' + id + '? The device is unlinked and its keys wiped; linking again needs the phone.')) {
        action(id, 'logout', 'logout');
      }
    });
    $('send-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      action(id, 'send_message', 'send', { to: $('send-to').value.trim(), text: $('send-text').value });
    });
    const source = new EventSource('/console/api/sessions/' + encodeURIComponent(id) + '/events');
    source.onmessage = (m) => {
      const ev = JSON.parse(m.data);
      if (ev.kind === 'status') {
        banner(ev.kafka === 'up' ? '' : 'Kafka is not answering (' + ev.detail + '): actions and live events wait for it.');
      } else if (ev.kind === 'error') {
        banner(ev.code + ': ' + ev.message);
        source.close();
      } else {
        showEvent(ev);
      }
    };
    source.onerror = () => banner('The live event stream was interrupted (the bridge may be restarting); reconnecting…');
  }

  document.addEventListener('DOMContentLoaded', async () => {
    await whoami();
    const page = document.body.dataset.page;
    if (page === 'index') { initIndex(); }
    if (page === 'session') { initSession(); }
  });
}());
