// A recording made in the browser (MediaRecorder gives WebM/Opus) as the 16-bit PCM WAV the
// greeting API takes: decoded with the Web Audio API, mixed down to mono, at its own sample rate
// (the server converts 8-48 kHz to telephone speech).

/** Decodes a recorded Blob and encodes it as a mono 16-bit WAV Blob. */
export async function toWav(recording) {
  const context = new AudioContext();
  try {
    const decoded = await context.decodeAudioData(await recording.arrayBuffer());
    return encodeWav(mixDown(decoded), decoded.sampleRate);
  } finally {
    context.close();
  }
}

function mixDown(buffer) {
  const mono = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < channel.length; i++) {
      mono[i] += channel[i] / buffer.numberOfChannels;
    }
  }
  return mono;
}

/** RIFF/WAVE, PCM format 1, one channel, 16 bits. */
export function encodeWav(samples, sampleRate) {
  const bytes = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (offset, s) => [...s].forEach((ch, i) => bytes.setUint8(offset + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  bytes.setUint32(4, 36 + samples.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  bytes.setUint32(16, 16, true);
  bytes.setUint16(20, 1, true);
  bytes.setUint16(22, 1, true);
  bytes.setUint32(24, sampleRate, true);
  bytes.setUint32(28, sampleRate * 2, true);
  bytes.setUint16(32, 2, true);
  bytes.setUint16(34, 16, true);
  text(36, 'data');
  bytes.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    bytes.setInt16(44 + i * 2, s < 0 ? s * 0x8000 : s * 0x7fff, true);
  }
  return new Blob([bytes.buffer], { type: 'audio/wav' });
}
