// chinwag browser client: microphone (or the sample caller) -> 16 kHz PCM16 -> WebSocket -> agent,
// agent audio -> jitter buffer -> speakers, events -> transcript. Protocol: docs/protocol.md (v1).

import { Player } from "./player.js";
import { TranscriptView } from "./transcript.js";

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const token = params.get("token") || "";
const SEND_RATE = 16000;

// Counters for people (the status line) and for the end-to-end test.
const stats = {
  state: "idle", sessionId: null, closeCode: null, lastError: null, notices: [],
  sentChunks: 0, sentSamples: 0, receivedChunks: 0, receivedSamples: 0, playedSamples: 0,
  playbackStarts: 0, flushes: 0, flushesWhilePlaying: 0, flushedSamples: 0, bargeIns: 0,
  events: 0, userTexts: [], agentTexts: [], agentUtterances: 0, latency: {}, floor: "none",
};
window.chinwagStats = stats;

const view = new TranscriptView(stats);
let call = null; // the running call's resources

function setState(state) {
  stats.state = state;
  $("state").textContent = state;
  const btn = $("start");
  const live = state === "connecting" || state === "live" || state === "stopping";
  btn.textContent = live ? "Stop" : "Start";
  btn.classList.toggle("running", live);
  btn.disabled = state === "connecting" || state === "stopping";
  $("arch").disabled = live;
  $("sample-mode").disabled = live;
}

function notify(text, isError = false) {
  const box = $("notice");
  box.hidden = !text;
  box.textContent = text || "";
  box.classList.toggle("error", isError);
  if (text) stats.notices.push(text);
  if (isError) stats.lastError = text;
}

async function loadArchitectures() {
  const select = $("arch");
  try {
    const res = await fetch("/api/architectures");
    const info = await res.json();
    for (const a of info.architectures) {
      const opt = document.createElement("option");
      opt.value = a.name;
      opt.textContent = a.available ? a.name : `${a.name} (not available)`;
      opt.disabled = !a.available;
      opt.title = a.description || "";
      opt.selected = a.name === info.default;
      select.append(opt);
    }
  } catch (err) {
    notify(`Could not reach the chinwag server (${err}). Is \`chinwag serve\` running?`, true);
  }
}

function closeMessage(code, reason) {
  switch (code) {
    case 4401: return "Wrong or missing token. Open the exact URL that `chinwag serve` printed (it ends in ?token=…).";
    case 4403: return "This page's origin is not allowed to connect. Open the page from the chinwag server itself.";
    case 4400: return `The server could not start the session${reason ? `: ${reason}` : ""}.`;
    case 4408: case 4429: return "The server hung up because this client sent too many bad or too many messages.";
    default: return `The server dropped the connection (code ${code}${reason ? `, ${reason}` : ""}). Is \`chinwag serve\` still running?`;
  }
}

async function openAudioInput(ctx, capture) {
  if ($("sample-mode").checked) {
    const res = await fetch("/api/sample-caller.wav");
    if (!res.ok) throw new Error("the server has no sample caller recording");
    const buffer = await ctx.decodeAudioData(await res.arrayBuffer());
    const src = ctx.createBufferSource();
    src.buffer = buffer;
    const monitor = ctx.createGain();
    monitor.gain.value = 0.5; // let a person hear the caller too
    src.connect(capture);
    src.connect(monitor).connect(ctx.destination);
    src.onended = () => notify("The sample caller has finished; press Stop to end the call.");
    return { start: () => src.start(), stop: () => { try { src.stop(); } catch (_) { /* done */ } } };
  }
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error("this browser gives no microphone access here (open the page on localhost or https)");
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
  } catch (err) {
    if (err.name === "NotAllowedError" || err.name === "SecurityError") {
      throw new Error("Microphone access was denied. Allow the microphone for this page (the icon in the address bar) and press Start again, or tick “Play the sample caller”.");
    }
    if (err.name === "NotFoundError") throw new Error("No microphone was found. Plug one in, or tick “Play the sample caller”.");
    throw err;
  }
  const src = ctx.createMediaStreamSource(stream);
  src.connect(capture);
  return { start: () => {}, stop: () => stream.getTracks().forEach((t) => t.stop()) };
}

async function start() {
  notify("");
  view.clear();
  setState("connecting");
  const ctx = new AudioContext({ latencyHint: "interactive" });
  const c = { ctx, ws: null, input: null, capture: null, player: null, timer: null, stopping: false };
  call = c;
  try {
    await ctx.audioWorklet.addModule("/static/worklet.js");
    c.capture = new AudioWorkletNode(ctx, "chinwag-capture", { numberOfOutputs: 1 });
    const sink = ctx.createGain();
    sink.gain.value = 0; // keeps the capture node pulled by the graph
    c.capture.connect(sink).connect(ctx.destination);
    c.input = await openAudioInput(ctx, c.capture);
    await ctx.resume();
  } catch (err) {
    notify(err.message || String(err), true);
    await teardown(c);
    setState("idle");
    return;
  }
  c.player = new Player(ctx, SEND_RATE, stats);
  connect(c);
}

function connect(c) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const arch = $("arch").value || "cascaded";
  const url = `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}&arch=${encodeURIComponent(arch)}&sample_rate=${SEND_RATE}`;
  const ws = new WebSocket(url);
  ws.binaryType = "arraybuffer";
  c.ws = ws;
  let live = false;

  c.capture.port.onmessage = (e) => {
    const { pcm, rms } = e.data;
    $("level").style.width = `${Math.min(100, Math.sqrt(rms) * 220)}%`;
    if (live && ws.readyState === WebSocket.OPEN) {
      ws.send(pcm.buffer);
      stats.sentChunks += 1;
      stats.sentSamples += pcm.length;
    }
  };

  ws.onmessage = (e) => {
    if (typeof e.data !== "string") {
      c.player.enqueue(new Int16Array(e.data));
      return;
    }
    const msg = JSON.parse(e.data);
    switch (msg.type) {
      case "session.started":
        live = true;
        stats.sessionId = msg.session_id;
        if (msg.sample_rate !== SEND_RATE) c.player.rate = msg.sample_rate;
        $("session-id").textContent = `session ${msg.session_id} · ${msg.architecture}`;
        setState("live");
        c.input.start();
        c.timer = setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN) return;
          ws.send(JSON.stringify({ type: "playback.position", played_samples: c.player.playedPosition() }));
          ws.send(JSON.stringify({ type: "ping", t: performance.now() }));
        }, 1000);
        break;
      case "event":
        stats.events += 1;
        view.onEvent(msg);
        break;
      case "playback.flush":
        c.player.flush();
        break;
      case "pong":
        if (typeof msg.t === "number") view.latency("rtt", performance.now() - msg.t);
        break;
      case "error":
        notify(`${msg.message} (${msg.code})`, true);
        break;
      case "session.ended":
        live = false;
        if (msg.status !== "completed") notify(`The session ended: ${msg.reason}`, true);
        break;
      default:
        break;
    }
  };

  ws.onclose = (e) => {
    stats.closeCode = e.code;
    if (!c.stopping) notify(closeMessage(e.code, e.reason), true);
    teardown(c).then(() => setState("idle"));
  };
}

async function teardown(c) {
  if (c.timer) clearInterval(c.timer);
  c.timer = null;
  try { c.input?.stop(); } catch (_) { /* already stopped */ }
  c.capture?.port.postMessage("stop");
  c.player?.close();
  if (c.ws && c.ws.readyState <= WebSocket.OPEN) c.ws.close(1000);
  if (c.ctx.state !== "closed") await c.ctx.close();
  $("level").style.width = "0%";
  if (call === c) call = null;
}

function stop() {
  if (!call) return;
  const c = call;
  c.stopping = true;
  setState("stopping");
  if (c.ws && c.ws.readyState === WebSocket.OPEN) {
    c.ws.send(JSON.stringify({ type: "session.stop" }));
    setTimeout(() => { if (call === c) teardown(c).then(() => setState("idle")); }, 3000);
  } else {
    teardown(c).then(() => setState("idle"));
  }
}

setInterval(() => {
  if (call?.player) {
    stats.queuedMs = Math.round(call.player.queuedSeconds() * 1000);
    stats.playing = call.player.isPlaying();
    if (view.floor === "none") view.showFloor(stats.playing ? "agent" : "none");
  }
}, 100);

$("start").addEventListener("click", () => (call ? stop() : start()));
if (!token) notify("This page needs the token the server printed: open the URL that ends in ?token=…", true);
loadArchitectures();
setState("idle");
