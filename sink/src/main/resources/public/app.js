// Vigil alerts page: lists alerts from /api/alerts, keeps them live with /api/events (server-sent events).
'use strict';

// The API token is never kept by the page: its login step (POST /api/login with the token in the
// Authorization header) gets an HttpOnly cookie, which fetch, images and EventSource then send.
const state = { filters: {}, cursor: null, events: null, active: new Map() };
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

// Live view: a tile per camera with its frames (MJPEG from the frames topic, only while the page is open) with the
// boxes of its tracked objects drawn on them, its status and how many alerts are active.
function cameraTile(camera) {
  let tile = document.querySelector('#tiles [data-id="' + CSS.escape(camera.id) + '"]');
  if (!tile) {
    tile = document.createElement('div');
    tile.className = 'tile';
    tile.dataset.id = camera.id;
    const img = document.createElement('img');
    img.className = 'live-frame';
    img.alt = 'Live view of ' + camera.id;
    img.src = '/api/cameras/' + encodeURIComponent(camera.id) + '/live.mjpeg';
    const status = document.createElement('span');
    status.className = 'status camera';
    const alerts = document.createElement('span');
    alerts.className = 'alerts';
    tile.append(img, status, alerts);
    tile.addEventListener('click', () => showTimeline(camera.id));
    $('tiles').appendChild(tile);
  }
  const status = tile.querySelector('.status');
  status.className = 'status camera ' + (camera.state || 'unknown');
  status.textContent = camera.id + ' · ' + (camera.state || '?');
  showActive(camera.id);
}

function trackActive(alert) {
  if (alert.active) state.active.set(alert.id, alert); else state.active.delete(alert.id);
  showActive(alert.camera);
}

// The boxes of what the detector tracks are drawn on the frames themselves (the live view matches each frame with its
// objects record), so they move with every frame; the tile adds how many alerts are active.
function showActive(cameraId) {
  const tile = document.querySelector('#tiles [data-id="' + CSS.escape(cameraId) + '"]');
  if (!tile) return;
  const active = [...state.active.values()].filter((a) => a.camera === cameraId);
  const badge = tile.querySelector('.alerts');
  badge.textContent = active.length + ' active';
  badge.hidden = active.length === 0;
}

async function loadCameras() {
  try {
    const { cameras } = await api('/api/cameras');
    cameras.forEach(cameraBadge);
    cameras.forEach(cameraTile);
    (await api('/api/alerts?limit=200')).alerts.filter((a) => a.active).forEach(trackActive);
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
    const clip = $('d-clip');
    clip.hidden = !alert.hasClip;
    if (alert.hasClip) {
      // the clip plays in place of the snapshot, which becomes its poster
      clip.poster = alert.hasSnapshot ? snapshotUrl(alert) : '';
      clip.src = alert.clipUrl;
      $('d-snapshot').hidden = true;
    } else {
      clip.removeAttribute('src');
    }
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

// A camera's timeline: its recorded spans and alerts; a click plays the recording from that moment.
async function showTimeline(camera) {
  try {
    const [{ recordings }, { alerts }] = await Promise.all([
      api('/api/recordings?camera=' + encodeURIComponent(camera) + '&limit=10000'),
      api('/api/alerts?camera=' + encodeURIComponent(camera) + '&limit=500')]);
    $('timeline').hidden = false;
    $('t-title').textContent = 'Recordings of ' + camera + (recordings.length ? '' : ': none');
    const bar = $('t-bar');
    bar.replaceChildren();
    if (!recordings.length) return;
    const from = Date.parse(recordings[0].start);
    const to = Math.max(...recordings.map(r => Date.parse(r.end)));
    const pct = (t) => (100 * (t - from) / Math.max(1, to - from)) + '%';
    for (const r of recordings) {
      const span = document.createElement('div');
      span.className = 'span';
      span.style.left = pct(Date.parse(r.start));
      span.style.width = (100 * (Date.parse(r.end) - Date.parse(r.start)) / Math.max(1, to - from)) + '%';
      bar.appendChild(span);
    }
    for (const a of alerts) {
      const t = Date.parse(a.startTime);
      if (t < from || t > to) continue;
      const mark = document.createElement('div');
      mark.className = 'mark';
      mark.dataset.id = a.id;
      mark.title = a.label + ' ' + time(a.startTime);
      mark.style.left = pct(t);
      bar.appendChild(mark);
    }
    $('t-from').textContent = time(recordings[0].start);
    $('t-to').textContent = time(new Date(to).toISOString());
    bar.onclick = (e) => {
      const box = bar.getBoundingClientRect();
      const at = from + (to - from) * Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
      playFrom(camera, new Date(at), new Date(Math.min(to, at + 5 * 60 * 1000)));
    };
  } catch (e) {
    showError(e.message);
  }
}

function playFrom(camera, from, to) {
  const video = $('t-video');
  video.hidden = false;
  video.src = '/api/cameras/' + encodeURIComponent(camera) + '/clip.mp4?from=' + from.toISOString()
      + '&to=' + to.toISOString();
  video.play().catch(() => {});
}

$('cameras').addEventListener('click', (e) => {
  const badge = e.target.closest('[data-id]');
  if (badge) showTimeline(badge.dataset.id);
});

function listen() {
  if (state.events) state.events.close();
  const events = new EventSource('/api/events');
  state.events = events;
  events.onopen = () => $('live').classList.remove('off');
  events.onerror = () => $('live').classList.add('off');
  events.addEventListener('alert', (message) => {
    const alert = JSON.parse(message.data);
    trackActive(alert);
    if (matchesFilters(alert)) upsertRow(alert, true);
  });
  events.addEventListener('camera', (message) => {
    const camera = JSON.parse(message.data);
    cameraBadge(camera);
    cameraTile(camera);
  });
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
