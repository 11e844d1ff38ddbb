// Vigil alerts page: lists alerts from /api/alerts, keeps them live with /api/events (server-sent events).
'use strict';

// The API token is never kept by the page: its login step (POST /api/login with the token in the
// Authorization header) gets an HttpOnly cookie, which fetch, images and EventSource then send.
const state = { filters: {}, cursor: null, events: null };
const $ = (id) => document.getElementById(id);

async function api(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (response.status === 401) {
    askForToken();
    throw new Error('This sink needs an API token.');
  }
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || ('HTTP ' + response.status));
  return body;
}

function askForToken() {
  $('token-form').hidden = false;
  $('token').focus();
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = !message;
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function duration(seconds) {
  if (seconds < 60) return seconds.toFixed(1) + ' s';
  const m = Math.floor(seconds / 60);
  return m + ' min ' + Math.round(seconds - m * 60) + ' s';
}

function snapshotUrl(alert) {
  return '/api/alerts/' + encodeURIComponent(alert.id) + '/snapshot.jpg';
}

function cell(row, content) {
  const td = row.insertCell();
  if (content instanceof Node) td.appendChild(content); else td.textContent = content;
  return td;
}

function alertRow(alert) {
  const row = document.createElement('tr');
  row.dataset.id = alert.id;
  row.dataset.start = alert.startTime;
  let thumb;
  if (alert.hasSnapshot) {
    thumb = document.createElement('img');
    thumb.className = 'thumb';
    thumb.alt = alert.label + ' on ' + alert.camera;
    thumb.loading = 'lazy';
    thumb.src = snapshotUrl(alert);
  } else {
    thumb = document.createElement('div');
    thumb.className = 'no-thumb';
    thumb.textContent = 'no snapshot';
  }
  cell(row, thumb);
  cell(row, alert.camera).className = 'camera-id';
  cell(row, alert.label).className = 'label';
  cell(row, (alert.topScore * 100).toFixed(0) + '%');
  cell(row, time(alert.startTime));
  const end = cell(row, alert.active ? 'active' : time(alert.endTime));
  if (alert.active) end.className = 'active';
  cell(row, duration(alert.durationSeconds));
  row.addEventListener('click', () => showDetails(alert.id));
  return row;
}

function matchesFilters(alert) {
  const f = state.filters;
  if (f.camera && alert.camera !== f.camera) return false;
  if (f.label && alert.label !== f.label) return false;
  if (f.from && new Date(alert.startTime) < new Date(f.from)) return false;
  if (f.to && new Date(alert.startTime) >= new Date(f.to)) return false;
  return true;
}

/** Adds or replaces an alert's row, keeping newest first. */
function upsertRow(alert, fresh) {
  const body = $('alerts').tBodies[0];
  const existing = body.querySelector('tr[data-id="' + CSS.escape(alert.id) + '"]');
  const row = alertRow(alert);
  if (fresh) row.classList.add('fresh');
  if (existing) {
    existing.replaceWith(row);
  } else {
    const later = [...body.rows].find((r) => r.dataset.start < alert.startTime
        || (r.dataset.start === alert.startTime && r.dataset.id < alert.id));
    body.insertBefore(row, later || null);
  }
  $('empty').hidden = true;
}

function query() {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(state.filters)) if (value) params.set(key, value);
  if (state.cursor) params.set('cursor', state.cursor);
  params.set('limit', '50');
  return '/api/alerts?' + params;
}

async function loadAlerts(append) {
  if (!append) state.cursor = null;
  try {
    const page = await api(query());
    if (!append) $('alerts').tBodies[0].replaceChildren();
    page.alerts.forEach((a) => upsertRow(a, false));
    state.cursor = page.nextCursor || null;
    $('more').hidden = !state.cursor;
    $('empty').hidden = $('alerts').tBodies[0].rows.length > 0;
    showError('');
  } catch (e) {
    showError(e.message);
  }
}

function cameraBadge(camera) {
  let badge = document.querySelector('#cameras [data-id="' + CSS.escape(camera.id) + '"]');
  if (!badge) {
    badge = document.createElement('span');
    badge.dataset.id = camera.id;
    $('cameras').appendChild(badge);
    const option = document.createElement('option');
    option.value = camera.id;
    $('camera-ids').appendChild(option);
  }
  badge.className = 'camera ' + (camera.state || 'unknown');
  badge.textContent = camera.id + ' · ' + (camera.state || '?') + (camera.fps ? ' · ' + camera.fps.toFixed(1) + ' fps' : '');
  badge.title = camera.error || (camera.lastFrameAt ? 'last frame ' + time(camera.lastFrameAt) : '');
}

async function loadCameras() {
  try {
    (await api('/api/cameras')).cameras.forEach(cameraBadge);
  } catch (e) {
    showError(e.message);
  }
}

async function showDetails(id) {
  try {
    const { alert, events } = await api('/api/alerts/' + encodeURIComponent(id));
    $('d-title').textContent = alert.label + ' on ' + alert.camera + ', ' + time(alert.startTime);
    $('d-snapshot').hidden = !alert.hasSnapshot;
    if (alert.hasSnapshot) $('d-snapshot').src = snapshotUrl(alert);
    const body = $('d-events').tBodies[0];
    body.replaceChildren();
    for (const e of events) {
      const row = body.insertRow();
      cell(row, String(e.seq));
      cell(row, e.type);
      cell(row, time(e.frameTime));
      cell(row, (e.score * 100).toFixed(0) + '%');
      cell(row, (e.zones || []).join(', '));
    }
    $('details').showModal();
  } catch (e) {
    showError(e.message);
  }
}

function listen() {
  if (state.events) state.events.close();
  const events = new EventSource('/api/events');
  state.events = events;
  events.onopen = () => $('live').classList.remove('off');
  events.onerror = () => $('live').classList.add('off');
  events.addEventListener('alert', (message) => {
    const alert = JSON.parse(message.data);
    if (matchesFilters(alert)) upsertRow(alert, true);
  });
  events.addEventListener('camera', (message) => cameraBadge(JSON.parse(message.data)));
}

function localToIso(value) {
  return value ? new Date(value).toISOString() : '';
}

$('filters').addEventListener('submit', (e) => {
  e.preventDefault();
  state.filters = {
    camera: $('f-camera').value.trim(),
    label: $('f-label').value.trim(),
    from: localToIso($('f-from').value),
    to: localToIso($('f-to').value),
  };
  loadAlerts(false);
});
$('filters').addEventListener('reset', () => {
  state.filters = {};
  setTimeout(() => loadAlerts(false));
});
$('more').addEventListener('click', () => loadAlerts(true));
$('token-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const response = await fetch('/api/login', { method: 'POST', headers: { Authorization: 'Bearer ' + $('token').value } });
  $('token').value = '';
  if (!response.ok) {
    showError('Wrong API token.');
    return;
  }
  $('token-form').hidden = true;
  start();
});

function start() {
  loadAlerts(false);
  loadCameras();
  listen();
}

start();
