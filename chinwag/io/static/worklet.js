// Microphone capture in the audio thread: low-pass, resample to 16 kHz, 20 ms PCM16 chunks.
//
// The AudioContext runs at the device rate (often 48 kHz). A 4th-order Butterworth low-pass (two
// biquads) removes what 16 kHz cannot carry, then linear interpolation picks the output samples.
// Each chunk goes to the page as a transferable Int16Array with its RMS level for the meter.

const TARGET_RATE = 16000;
const CHUNK_SAMPLES = 320; // 20 ms at 16 kHz: one server frame per message

function lowpass(fs, f0, q) {
  const w0 = (2 * Math.PI * f0) / fs;
  const alpha = Math.sin(w0) / (2 * q);
  const cos = Math.cos(w0);
  const a0 = 1 + alpha;
  return {
    b0: (1 - cos) / 2 / a0, b1: (1 - cos) / a0, b2: (1 - cos) / 2 / a0,
    a1: (-2 * cos) / a0, a2: (1 - alpha) / a0, x1: 0, x2: 0, y1: 0, y2: 0,
  };
}

function biquad(s, x) {
  const y = s.b0 * x + s.b1 * s.x1 + s.b2 * s.x2 - s.a1 * s.y1 - s.a2 * s.y2;
  s.x2 = s.x1; s.x1 = x; s.y2 = s.y1; s.y1 = y;
  return y;
}

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.step = sampleRate / TARGET_RATE; // input samples per output sample
    const cutoff = Math.min(7000, 0.45 * Math.min(sampleRate, TARGET_RATE * 2));
    this.filters = this.step > 1
      ? [lowpass(sampleRate, cutoff, 0.5412), lowpass(sampleRate, cutoff, 1.3066)]
      : [];
    this.t = 0; // position of the next output sample, in input samples after `prev`
    this.prev = 0;
    this.chunk = new Int16Array(CHUNK_SAMPLES);
    this.n = 0;
    this.sumSquares = 0;
    this.running = true;
    this.port.onmessage = (e) => { if (e.data === "stop") this.running = false; };
  }

  emit(value) {
    const v = Math.max(-1, Math.min(1, value));
    this.chunk[this.n++] = v < 0 ? v * 32768 : v * 32767;
    this.sumSquares += v * v;
    if (this.n === CHUNK_SAMPLES) {
      const rms = Math.sqrt(this.sumSquares / CHUNK_SAMPLES);
      this.port.postMessage({ pcm: this.chunk, rms }, [this.chunk.buffer]);
      this.chunk = new Int16Array(CHUNK_SAMPLES);
      this.n = 0;
      this.sumSquares = 0;
    }
  }

  process(inputs) {
    const input = inputs[0];
    if (!this.running) return false;
    if (!input || input.length === 0) return true;
    const channels = input.length;
    const frames = input[0].length;
    for (let i = 0; i < frames; i++) {
      let x = 0;
      for (let c = 0; c < channels; c++) x += input[c][i];
      x /= channels;
      for (const f of this.filters) x = biquad(f, x);
      // output samples that fall between prev (position 0) and x (position 1)
      while (this.t <= 1) {
        this.emit(this.prev + (x - this.prev) * this.t);
        this.t += this.step;
      }
      this.t -= 1;
      this.prev = x;
    }
    return true;
  }
}

registerProcessor("chinwag-capture", CaptureProcessor);
