import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import type { Readable } from 'node:stream';
import { OttError } from '@ott/core';
import { reserveUdpPortPairs } from './reserveUdpPortPairs.js';
import type { WhipTrackCodec } from './selectOfferCodecs.js';
import { writeRemuxSdp } from './writeRemuxSdp.js';
import type { RemuxTrack } from './writeRemuxSdp.js';

/** Options of {@link RtpRemuxer.start}. */
export interface RtpRemuxerOptions {
  readonly ffmpegPath: string;
  readonly video?: WhipTrackCodec;
  readonly audio?: WhipTrackCodec;
  /** How long ffmpeg's RTP demuxer waits for a missing (reordered or retransmitted) packet, ms. */
  readonly reorderDelayMs: number;
  /** How long {@link RtpRemuxer.start} waits for ffmpeg to bind its sockets, ms (default 3000). */
  readonly readyTimeoutMs?: number;
  /** How long SIGINT may take (flushing the last cluster) before SIGKILL, ms (default 2000). */
  readonly stopTimeoutMs?: number;
}

/** How the remuxer's ffmpeg ended. */
export interface RemuxerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly spawnError?: Error;
  /** True when {@link RtpRemuxer.stop} asked it to end. */
  readonly stopped: boolean;
  readonly stderr: readonly string[];
}

const STDERR_LINES = 20;

/**
 * Turns the decrypted RTP of a WebRTC session into a matroska byte stream, with one ffmpeg per session that reads
 * an SDP on stdin and receives the packets on loopback UDP (`-f sdp -i pipe:0 … -c copy -f matroska pipe:1`).
 *
 * Why ffmpeg's RTP stack and not depacketizing in TypeScript: ffmpeg's depacketizers (H.264 FU-A/STAP-A, VP8, Opus)
 * and its reorder queue are long-proven, it maps RTP timestamps of both tracks onto one timeline using the RTCP
 * sender reports we forward (RFC 3550 §6.4.1), and matroska (which carries H.264, VP8 and Opus alike) comes from
 * its muxer rather than from a hand-written EBML writer. The cost is one process per publisher and a few ms of
 * loopback hops.
 *
 * Latency: in-order packets pass ffmpeg's reorder queue at once; after a sequence gap it holds later packets up to
 * `-max_delay` (`reorderDelayMs`; ffmpeg's default for SDP input is 100 ms, its `-reorder_queue_size` default of 500
 * packets is never the binding limit at WebRTC rates) so a NACK retransmission can fill the gap. `-cluster_time_limit
 * 0` closes a matroska cluster at every packet (ffmpeg's default on a pipe buffers 1 s / 32 KiB per cluster) and
 * `-flush_packets 1` writes it at once: a frame leaves ffmpeg when the next packet of either track is muxed (within
 * one 20 ms Opus packet). Start-up: `-fpsprobesize 0` lets the probe end at the first keyframe.
 */
export class RtpRemuxer {
  private readonly socket: Socket;
  private stopRequested = false;
  private socketOpen = true;
  /** Resolves once ffmpeg has exited (never rejects). */
  readonly exited: Promise<RemuxerExit>;

  private constructor(
    private readonly ports: { readonly video?: number; readonly audio?: number },
    private readonly child: ReturnType<typeof spawn>,
    /** The matroska stream (ffmpeg's stdout). */
    readonly output: Readable,
    exit: Promise<Omit<RemuxerExit, 'stopped'>>,
    private readonly stopTimeoutMs: number,
  ) {
    this.exited = exit.then((ended) => {
      this.socketOpen = false;
      this.socket.close();
      return { ...ended, stopped: this.stopRequested };
    });
    this.socket = createSocket('udp4');
    this.socket.on('error', () => undefined);
    this.socket.bind(0, '127.0.0.1');
  }

  /** Reserves loopback ports, starts ffmpeg, hands it the SDP and resolves once it listens on them. */
  static async start(options: RtpRemuxerOptions): Promise<RtpRemuxer> {
    const codecs = [options.video, options.audio].filter((c): c is WhipTrackCodec => c !== undefined);
    const bases = await reserveUdpPortPairs(codecs.length);
    const tracks: RemuxTrack[] = codecs.map((codec, i) => ({ codec, port: bases[i]! }));
    const ports = Object.fromEntries(tracks.map((t) => [t.codec.kind, t.port])) as { video?: number; audio?: number };
    const args = [
      // `repeat+verbose`: ffmpeg says "setting jitter buffer size" once per stream right after binding its sockets
      // (verbose level; `repeat` stops it folding the identical lines), which tells us when it can receive.
      '-hide_banner', '-nostats', '-loglevel', 'repeat+verbose',
      '-protocol_whitelist', 'pipe,udp,rtp',
      // ≥ 1 ms: with 0 ffmpeg has no reorder queue and prints no readiness line.
      '-max_delay', String(Math.max(1000, Math.round(options.reorderDelayMs * 1000))),
      // Bind the RTP/RTCP sockets to loopback only. (`-sdp_flags filter_src` would also check the sender, but with
      // ffmpeg 5.1 it drops every unicast packet.)
      '-localaddr', '127.0.0.1',
      '-buffer_size', String(1 << 20),
      // Stream parameters come from the first keyframe; do not wait ~20 more frames to guess a frame rate.
      '-fpsprobesize', '0',
      '-f', 'sdp', '-i', 'pipe:0',
      '-map', '0', '-c', 'copy',
      // Do not hold one track back waiting for the other for more than 1 s (ffmpeg's default is 10 s).
      '-max_interleave_delta', '1000000',
      '-f', 'matroska', '-live', '1', '-cluster_time_limit', '0', '-flush_packets', '1', 'pipe:1',
    ];
    const child = spawn(options.ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    let partial = '';
    let listening = 0;
    let onListening = (): void => undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      const lines = (partial + text).split(/\r?\n/);
      partial = (lines.pop() ?? '').slice(-500);
      for (const line of lines) {
        if (/setting jitter buffer size/.test(line)) {
          if (++listening === tracks.length) onListening();
          continue;
        }
        if (line.trim()) stderr.push(line.slice(0, 500));
      }
      stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(writeRemuxSdp(tracks));
    const exit = new Promise<Omit<RemuxerExit, 'stopped'>>((resolve) => {
      child.once('error', (spawnError) => {
        if (child.pid === undefined) resolve({ code: null, signal: null, spawnError, stderr });
      });
      child.once('close', (code, signal) => resolve({ code, signal, stderr }));
    });
    // Packets sent before ffmpeg binds are lost (the publisher's first keyframe among them): wait until it listens,
    // or has exited, or a bounded time (the keyframe requests of WhipSession recover from a miss).
    let exited: Omit<RemuxerExit, 'stopped'> | undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.readyTimeoutMs ?? 3000);
      onListening = () => {
        clearTimeout(timer);
        resolve();
      };
      void exit.then((ended) => {
        exited = ended;
        onListening();
      });
    });
    if (exited) {
      const code = exited.spawnError ? 'FFMPEG_NOT_FOUND' : 'FFMPEG_FAILED';
      throw new OttError(code, `${describeRemuxerExit({ ...exited, stopped: false }, options.ffmpegPath)}.`, { stage: 'ingest', details: { stderr: exited.stderr } });
    }
    return new RtpRemuxer(ports, child, child.stdout, exit, options.stopTimeoutMs ?? 2000);
  }

  /** Forwards one decrypted RTP packet of a track to ffmpeg. */
  sendRtp(kind: 'video' | 'audio', packet: Uint8Array): void {
    const port = this.ports[kind];
    if (port !== undefined && this.socketOpen && !this.stopRequested) this.socket.send(packet, port, '127.0.0.1');
  }

  /** Forwards an RTCP packet (sender reports: they let ffmpeg align the tracks' RTP clocks) to the RTCP port. */
  sendRtcp(kind: 'video' | 'audio', packet: Uint8Array): void {
    const port = this.ports[kind];
    if (port !== undefined && this.socketOpen && !this.stopRequested) this.socket.send(packet, port + 1, '127.0.0.1');
  }

  /**
   * Asks ffmpeg to finish: SIGINT makes it stop reading and write what it holds, but ffmpeg only acts on it between
   * packets, and after the publisher has gone none come; a second SIGINT interrupts the wait (at worst the last
   * packet is lost); SIGKILL after the timeout.
   */
  stop(): Promise<RemuxerExit> {
    if (!this.stopRequested) {
      this.stopRequested = true;
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGINT');
        const again = setTimeout(() => this.child.kill('SIGINT'), Math.min(300, this.stopTimeoutMs / 2));
        const kill = setTimeout(() => this.child.kill('SIGKILL'), this.stopTimeoutMs);
        void this.exited.then(() => {
          clearTimeout(again);
          clearTimeout(kill);
        });
      }
    }
    return this.exited;
  }
}

/** One sentence on how the remuxer's ffmpeg ended, for warnings and errors. */
export function describeRemuxerExit(exit: RemuxerExit, ffmpegPath: string): string {
  if (exit.spawnError) return `ffmpeg could not be started from "${ffmpegPath}": ${exit.spawnError.message}. Install ffmpeg or pass ffmpegPath`;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  return `The WHIP remuxer (ffmpeg) ${how}: ${exit.stderr.slice(-3).join(' | ') || 'no output on stderr'}`;
}
