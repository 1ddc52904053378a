// The two-lane live transcript, the floor indicator and the latency readouts, driven by server events.

const $ = (id) => document.getElementById(id);

function clock(tMs) {
  const s = Math.max(0, tMs) / 1000;
  return `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, "0")}`;
}

function tagList(data) {
  const tags = [];
  const a = data.annotations || data.tags;
  if (Array.isArray(a)) for (const x of a) tags.push(typeof x === "string" ? x : (x.label || JSON.stringify(x)));
  else if (a && typeof a === "object") for (const [k, v] of Object.entries(a)) tags.push(`${k}: ${v}`);
  return tags;
}

export class TranscriptView {
  constructor(stats) {
    this.stats = stats;
    this.user = $("lane-user");
    this.agent = $("lane-agent");
    this.userPartial = null;
    this.agentLines = new Map(); // utterance_id -> <li>
    this.floor = "none";
  }

  clear() {
    this.user.replaceChildren();
    this.agent.replaceChildren();
    this.userPartial = null;
    this.agentLines.clear();
    this.setFloor("none");
    for (const dd of document.querySelectorAll(".latency dd")) dd.textContent = "–";
  }

  line(lane, tMs, text, cls) {
    const li = document.createElement("li");
    if (cls) li.className = cls;
    const t = document.createElement("span");
    t.className = "t";
    t.textContent = clock(tMs);
    const body = document.createElement("span");
    body.className = "text";
    body.textContent = text;
    li.append(t, body);
    lane.append(li);
    lane.scrollTop = lane.scrollHeight;
    return li;
  }

  tag(li, text, cls) {
    const span = document.createElement("span");
    span.className = `tag ${cls || ""}`;
    span.textContent = text;
    li.append(span);
  }

  agentLine(ev) {
    const id = ev.data.utterance_id ?? "?";
    let li = this.agentLines.get(id);
    if (!li) {
      li = this.line(this.agent, ev.t_ms, "", "");
      this.agentLines.set(id, li);
    }
    return li;
  }

  // The server's view of the floor; the page shows "agent" a little longer while the last of the
  // agent's audio is still playing out of the jitter buffer.
  setFloor(holder) {
    this.floor = holder;
    this.showFloor(holder);
  }

  showFloor(holder) {
    this.stats.floor = holder;
    $("floor-user").classList.toggle("active", holder === "user" || holder === "both");
    $("floor-agent").classList.toggle("active", holder === "agent" || holder === "both");
  }

  latency(stage, ms) {
    const dd = $(`lat-${stage}`);
    if (dd) dd.textContent = `${Math.round(ms)} ms`;
    this.stats.latency[stage] = ms;
  }

  onEvent(ev) {
    const d = ev.data || {};
    switch (ev.kind) {
      case "speech.started":
        if (ev.stream === "user") this.setFloor(this.floor === "agent" ? "both" : "user");
        break;
      case "transcript.partial":
        if (!this.userPartial) this.userPartial = this.line(this.user, ev.t_ms, "", "partial");
        this.userPartial.querySelector(".text").textContent = d.text || "";
        break;
      case "transcript.final": {
        if (this.userPartial) { this.userPartial.remove(); this.userPartial = null; }
        if (!d.text) break;
        const li = this.line(this.user, ev.t_ms, d.text, "final");
        for (const t of tagList(d)) this.tag(li, t);
        this.stats.userTexts.push(d.text);
        break;
      }
      case "utterance.started": {
        const li = this.agentLine(ev);
        if (d.text) li.querySelector(".text").textContent = d.text;
        this.setFloor("agent");
        this.stats.agentUtterances += 1;
        break;
      }
      case "tts.chunk": {
        const body = this.agentLine(ev).querySelector(".text");
        body.textContent = `${body.textContent} ${d.text || ""}`.trim();
        break;
      }
      case "utterance.finished": {
        const li = this.agentLine(ev);
        if (d.text) li.querySelector(".text").textContent = d.text;
        if (d.text) this.stats.agentTexts.push(d.text);
        this.setFloor("none");
        break;
      }
      case "utterance.truncated": {
        if (!d.played_ms) break; // a reply dropped before it was heard
        const li = this.agentLine(ev);
        if (d.text_heard !== undefined) li.querySelector(".text").textContent = d.text_heard || "…";
        this.tag(li, `cut off after ${(d.played_ms / 1000).toFixed(1)} s`, "cut");
        this.setFloor("user");
        break;
      }
      case "barge_in":
        this.stats.bargeIns += 1;
        this.setFloor("user");
        break;
      case "backchannel":
        this.tag(this.line(this.agent, ev.t_ms, d.text || "mm-hmm", ""), "backchannel");
        break;
      case "guardrail":
        if (d.action && d.action !== "allow") this.tag(this.line(this.agent, ev.t_ms, "", ""), `guardrail: ${d.action}`, "guard");
        break;
      case "floor": {
        // the server's floor state: silence | user | agent | overlap
        const holder = { silence: "none", overlap: "both", user: "user", agent: "agent" }[d.state];
        if (holder) this.setFloor(holder);
        break;
      }
      case "latency":
        if (d.stage && typeof d.ms === "number") this.latency(d.stage, d.ms);
        break;
      default:
        break;
    }
  }
}
