// Agent playback: a jitter buffer of scheduled AudioBufferSourceNodes.
//
// Each PCM16 chunk from the server becomes one AudioBuffer at the server's rate (the browser
// resamples it to the device rate), scheduled right after the previous one. When the queue has run
// dry, the next chunk starts JITTER_S from now, which absorbs network jitter. flush() stops
// everything at once: that is what a barge-in needs.

const JITTER_S = 0.08;

export class Player {
  constructor(ctx, sampleRate, stats) {
    this.ctx = ctx;
    this.rate = sampleRate;
    this.stats = stats;
    this.nextTime = 0;
    this.queue = new Set();
    this.out = ctx.createGain();
    this.out.connect(ctx.destination);
  }

  enqueue(int16) {
    const n = int16.length;
    if (n === 0) return;
    const buffer = this.ctx.createBuffer(1, n, this.rate);
    const data = buffer.getChannelData(0);
    for (let i = 0; i < n; i++) data[i] = int16[i] / 32768;
    const src = this.ctx.createBufferSource();
    src.buffer = buffer;
    src.connect(this.out);
    const now = this.ctx.currentTime;
    if (this.nextTime < now + 0.005) {
      this.nextTime = now + JITTER_S;
      this.stats.playbackStarts += 1;
    }
    const entry = { src, start: this.nextTime, n };
    src.onended = () => {
      if (this.queue.delete(entry)) this.stats.playedSamples += n;
    };
    src.start(this.nextTime);
    this.nextTime += n / this.rate;
    this.queue.add(entry);
    this.stats.receivedSamples += n;
    this.stats.receivedChunks += 1;
  }

  // Samples already heard, counting the part of the chunks now playing.
  playedPosition() {
    const now = this.ctx.currentTime;
    let partial = 0;
    for (const e of this.queue) {
      if (now > e.start) partial += Math.min(e.n, Math.round((now - e.start) * this.rate));
    }
    return this.stats.playedSamples + partial;
  }

  queuedSeconds() {
    return this.queue.size ? Math.max(0, this.nextTime - this.ctx.currentTime) : 0;
  }

  isPlaying() {
    return this.queuedSeconds() > 0;
  }

  flush() {
    const now = this.ctx.currentTime;
    let dropped = 0;
    for (const e of this.queue) {
      e.src.onended = null;
      const heard = now > e.start ? Math.min(e.n, Math.round((now - e.start) * this.rate)) : 0;
      this.stats.playedSamples += heard;
      dropped += e.n - heard;
      try { e.src.stop(); } catch (_) { /* not started yet */ }
      e.src.disconnect();
    }
    this.queue.clear();
    this.nextTime = 0;
    this.stats.flushes += 1;
    this.stats.flushedSamples += dropped;
    if (dropped > 0) this.stats.flushesWhilePlaying += 1;
    return dropped;
  }

  close() {
    this.flush();
    this.out.disconnect();
  }
}
