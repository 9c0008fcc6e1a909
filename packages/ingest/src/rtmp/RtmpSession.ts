import { isValidStreamKey } from '../live/validateStreamKey.js';
import type { LiveStreamHub } from '../live/LiveStreamHub.js';
import { decodeAmf0, encodeAmf0 } from './amf0.js';
import type { Amf0Object, Amf0Value } from './amf0.js';
import { authorizePublisher } from './authorizePublisher.js';
import type { AuthorizeOptions } from './authorizePublisher.js';
import { FlvPublisher } from './FlvPublisher.js';
import { readMetadataHints } from './readMetadataHints.js';
import { MESSAGE_TYPE, RtmpProtocolError } from './RtmpMessage.js';
import type { RtmpMessage } from './RtmpMessage.js';
import { splitAggregate } from './splitAggregate.js';

/** What a session needs from its connection. */
export interface RtmpTransport {
  readonly remoteAddress: string;
  /** Sends a message (chunked with our chunk size). */
  send(message: RtmpMessage): void;
  /** Sends Set Chunk Size and uses the new size from the next message on. */
  setChunkSize(size: number): void;
  /** The publisher is accepted: from now on it may hold up to the publishing budget of unfinished messages. */
  published(): void;
  /** Holds incoming messages (socket paused) until {@link release}: used while a publisher is being authorised. */
  hold(): void;
  release(): void;
  /** Backpressure from the FLV consumer. */
  pause(): void;
  resume(): void;
  /** Closes the connection once pending writes are out; further incoming messages are dropped. */
  end(): void;
}

/** What every session of one server shares. */
export interface RtmpContext extends AuthorizeOptions {
  readonly hub: LiveStreamHub;
  /** Only this application name is accepted, when set. */
  readonly app?: string;
  /** Stream keys a connection of this server is authorising or publishing: a second publisher on one is refused. */
  readonly claims: Set<string>;
}

/** Chunk stream ids the server sends on (as nginx-rtmp and SRS do: 2 control, 3 commands, 5 stream status). */
const CHUNK_STREAM = { command: 3, status: 5 } as const;
const SERVER_CHUNK_SIZE = 4096;
/** Name ffmpeg/OBS prepend to a data message to set it as the stream's metadata. */
const SET_DATA_FRAME = '@setDataFrame';

/**
 * The NetConnection/NetStream side of one RTMP connection (RTMP specification 1.0 §7.2): answers `connect`,
 * `releaseStream`, `FCPublish`, `createStream`, authorises `publish`, and feeds the publisher's metadata, audio and
 * video into a {@link FlvPublisher}. `deleteStream`, `FCUnpublish`, `closeStream` or the end of the connection end
 * the publish.
 */
export class RtmpSession {
  private connected = false;
  private app = '';
  private appQuery: Record<string, string> = {};
  private nextStreamId = 1;
  private claimedKey: string | undefined;
  private publishing: { readonly streamId: number; readonly publisher: FlvPublisher } | undefined;
  private gone = false;

  constructor(
    private readonly transport: RtmpTransport,
    private readonly context: RtmpContext,
  ) {}

  /** The stream key being authorised or published, if any. */
  get streamKey(): string | undefined {
    return this.claimedKey;
  }

  /**
   * Handles one message that is not protocol control.
   *
   * @throws {RtmpProtocolError} on a malformed command
   */
  handle(message: RtmpMessage): void {
    switch (message.typeId) {
      case MESSAGE_TYPE.commandAmf0:
        return this.command(message, message.payload);
      case MESSAGE_TYPE.commandAmf3: // §7.1.1: an AMF3 command starts with a format byte, then AMF0 values
        return this.command(message, message.payload.subarray(1));
      case MESSAGE_TYPE.dataAmf0:
        return this.data(message, message.payload);
      case MESSAGE_TYPE.dataAmf3:
        return this.data(message, message.payload.subarray(1));
      case MESSAGE_TYPE.audio:
      case MESSAGE_TYPE.video:
        this.publishing?.publisher.media(message.typeId, message.timestamp, message.payload);
        return;
      case MESSAGE_TYPE.aggregate:
        for (const sub of splitAggregate(message)) if (sub.typeId !== MESSAGE_TYPE.aggregate) this.handle(sub);
        return;
      default:
        return; // shared objects and unknown types: nothing to do for an ingest
    }
  }

  /** Bytes received on the connection (counted into the stream's bitrate while publishing). */
  countBytes(count: number): void {
    this.publishing?.publisher.countBytes(count);
  }

  /** The connection is gone: ends the publish (the hub's grace period starts). */
  closed(reason: string): void {
    this.gone = true;
    this.endPublish(reason);
    this.releaseClaim();
  }

  private command(message: RtmpMessage, payload: Buffer): void {
    let values: Amf0Value[];
    try {
      values = decodeAmf0(payload);
    } catch (error) {
      throw new RtmpProtocolError(`Malformed AMF0 command: ${(error as Error).message}`);
    }
    const [name, transactionId, commandObject, ...args] = values;
    if (typeof name !== 'string') throw new RtmpProtocolError('Command message without a command name');
    const txn = typeof transactionId === 'number' ? transactionId : 0;
    if (name !== 'connect' && !this.connected) throw new RtmpProtocolError(`Command "${name}" before connect`);
    switch (name) {
      case 'connect':
        return this.connect(txn, isObject(commandObject) ? commandObject : {});
      case 'releaseStream':
      case 'FCPublish':
      case 'FCUnpublish':
        // Flash Media Server's FMLE commands: SRS answers each with a bare _result, which ffmpeg and OBS accept.
        if (name === 'FCUnpublish') this.endPublish('publisher stopped (FCUnpublish)');
        return this.sendCommand(0, ['_result', txn, null, undefined]);
      case 'createStream':
        return this.sendCommand(0, ['_result', txn, null, this.nextStreamId++]);
      case 'publish':
        return this.publish(message.streamId, args[0]);
      case 'deleteStream':
      case 'closeStream':
        return this.endPublish(`publisher stopped (${name})`);
      case 'play':
        this.sendStatus(message.streamId, 'error', 'NetStream.Play.Failed', 'This server only accepts publishers.');
        return this.transport.end();
      default:
        return; // getStreamLength, _checkbw, …: clients go on without an answer
    }
  }

  private connect(txn: number, commandObject: Amf0Object): void {
    const raw = typeof commandObject.app === 'string' ? commandObject.app : '';
    const [app = '', query] = splitQuery(raw);
    this.app = app.replace(/\/+$/, '');
    this.appQuery = query;
    if (this.context.app !== undefined && this.app !== this.context.app) {
      const reason = `unknown application "${this.app}" (this server accepts "${this.context.app}")`;
      this.context.hub.refused('', reason, this.transport.remoteAddress);
      this.sendCommand(0, ['_error', txn, null, { level: 'error', code: 'NetConnection.Connect.Rejected', description: reason }]);
      return this.transport.end();
    }
    this.connected = true;
    // §5.4.4–§5.4.5 then §7.2.1.1: window, peer bandwidth (2 = dynamic), our chunk size, then the _result.
    this.sendControl(MESSAGE_TYPE.windowAckSize, uint32(2_500_000));
    this.sendControl(MESSAGE_TYPE.setPeerBandwidth, Buffer.of(...uint32(2_500_000), 2));
    this.transport.setChunkSize(SERVER_CHUNK_SIZE);
    const encoding = typeof commandObject.objectEncoding === 'number' ? commandObject.objectEncoding : 0;
    this.sendCommand(0, [
      '_result',
      txn,
      { fmsVer: 'FMS/3,5,7,7009', capabilities: 31, mode: 1 },
      { level: 'status', code: 'NetConnection.Connect.Success', description: 'Connection succeeded.', objectEncoding: encoding },
    ]);
  }

  private publish(streamId: number, name: Amf0Value): void {
    if (this.claimedKey !== undefined) return this.refuse(streamId, this.claimedKey, 'NetStream.Publish.BadName', 'this connection already publishes');
    const [streamKey = '', query] = splitQuery(typeof name === 'string' ? name : '');
    const { hub, claims } = this.context;
    if (!isValidStreamKey(streamKey)) {
      return this.refuse(streamId, streamKey, 'NetStream.Publish.BadName', `stream key ${JSON.stringify(streamKey.slice(0, 80))} is not allowed: use 1–64 letters, digits, "_" or "-"`);
    }
    if (claims.has(streamKey) || hub.isPublishing(streamKey)) {
      return this.refuse(streamId, streamKey, 'NetStream.Publish.BadName', `stream key "${streamKey}" is already publishing`);
    }
    claims.add(streamKey);
    this.claimedKey = streamKey;
    this.transport.hold();
    const request = { streamKey, app: this.app, remoteAddress: this.transport.remoteAddress, query: { ...this.appQuery, ...query } };
    void authorizePublisher(request, this.context).then((refusal) => {
      if (this.gone) return;
      if (refusal !== undefined) {
        this.releaseClaim();
        return this.refuse(streamId, streamKey, 'NetStream.Publish.Denied', refusal);
      }
      const publisher = new FlvPublisher({
        hub,
        streamKey,
        remoteAddress: this.transport.remoteAddress,
        pause: () => this.transport.pause(),
        resume: () => this.transport.resume(),
      });
      this.publishing = { streamId, publisher };
      this.transport.published();
      this.sendControl(MESSAGE_TYPE.userControl, Buffer.of(0, 0, ...uint32(streamId))); // §7.1.7 StreamBegin
      this.sendStatus(streamId, 'status', 'NetStream.Publish.Start', `${streamKey} is now published.`);
      this.transport.release();
    });
  }

  private data(message: RtmpMessage, payload: Buffer): void {
    const publisher = this.publishing?.publisher;
    if (!publisher) return;
    let values: Amf0Value[];
    try {
      values = decodeAmf0(payload);
    } catch (error) {
      this.context.hub.warn(this.claimedKey ?? '', 'INGEST_PROTOCOL', `Ignored a malformed data message: ${(error as Error).message}`);
      return;
    }
    let body = payload;
    if (values[0] === SET_DATA_FRAME && payload[0] === 0x02) {
      body = payload.subarray(3 + payload.readUInt16BE(1)); // the FLV script tag is the rest: "onMetaData", {...}
      values = values.slice(1);
    }
    if (values[0] !== 'onMetaData') return;
    const metadata = values[1];
    publisher.metadata(message.timestamp, body, readMetadataHints(isObject(metadata) ? metadata : {}));
  }

  private endPublish(reason: string): void {
    const publishing = this.publishing;
    if (!publishing) return;
    this.publishing = undefined;
    publishing.publisher.end(reason);
    this.releaseClaim();
  }

  private refuse(streamId: number, streamKey: string, code: string, reason: string): void {
    this.context.hub.refused(streamKey.slice(0, 80), reason, this.transport.remoteAddress);
    this.sendStatus(streamId, 'error', code, reason);
    this.transport.end();
  }

  private releaseClaim(): void {
    if (this.claimedKey !== undefined && !this.publishing) this.context.claims.delete(this.claimedKey);
    if (!this.publishing) this.claimedKey = undefined;
  }

  private sendStatus(streamId: number, level: 'status' | 'error', code: string, description: string): void {
    this.send(CHUNK_STREAM.status, streamId, MESSAGE_TYPE.commandAmf0, encodeAmf0(['onStatus', 0, null, { level, code, description }]));
  }

  private sendCommand(streamId: number, values: Amf0Value[]): void {
    this.send(CHUNK_STREAM.command, streamId, MESSAGE_TYPE.commandAmf0, encodeAmf0(values));
  }

  private sendControl(typeId: number, payload: Buffer): void {
    this.send(2, 0, typeId, payload);
  }

  private send(chunkStreamId: number, streamId: number, typeId: number, payload: Buffer): void {
    this.transport.send({ chunkStreamId, typeId, timestamp: 0, streamId, payload });
  }
}

/** `key?token=abc&x=1` → `['key', { token: 'abc', x: '1' }]`. */
function splitQuery(value: string): [string, Record<string, string>] {
  const mark = value.indexOf('?');
  if (mark < 0) return [value, {}];
  return [value.slice(0, mark), Object.fromEntries(new URLSearchParams(value.slice(mark + 1)))];
}

function isObject(value: Amf0Value): value is Amf0Object {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function uint32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}
