import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * A real S3-protocol server for tests (npm `s3rver`) on 127.0.0.1 with a bucket, its data in a temp folder. `stop()`
 * takes it down hard (listener closed, open connections cut), `restart()` brings it back on the same port and data:
 * an outage as a client sees it.
 */
export class TestS3 {
  readonly dir: string;
  readonly bucket: string;
  readonly client: S3Client;
  #port: number;
  #server: S3rver | undefined;

  private constructor(dir: string, bucket: string, port: number, server: S3rver) {
    this.dir = dir;
    this.bucket = bucket;
    this.#port = port;
    this.#server = server;
    this.client = new S3Client(this.connection);
  }

  static async start(bucket = 'live'): Promise<TestS3> {
    const dir = await mkdtemp(join(tmpdir(), 'ott-s3rver-'));
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    return new TestS3(dir, bucket, port, server);
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Connection settings for `toS3({ client })` (s3rver accepts the key pair `S3RVER`/`S3RVER`). */
  get connection(): { endpoint: string; region: string; forcePathStyle: true; credentials: { accessKeyId: string; secretAccessKey: string }; requestChecksumCalculation: 'WHEN_REQUIRED'; responseChecksumValidation: 'WHEN_REQUIRED' } {
    return {
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    };
  }

  get running(): boolean {
    return this.#server !== undefined;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === undefined) return;
    this.#server = undefined;
    const closed = server.close();
    server.httpServer?.closeAllConnections();
    await closed;
  }

  async restart(): Promise<void> {
    if (this.#server !== undefined) return;
    const server = new S3rver({ port: this.#port, address: '127.0.0.1', silent: true, directory: this.dir, configureBuckets: [{ name: this.bucket }] });
    await server.run();
    this.#server = server;
  }

  /** Every key in the bucket (under `prefix`), sorted. */
  async keys(prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
      for (const object of out.Contents ?? []) if (object.Key) keys.push(object.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async bytes(key: string): Promise<Buffer> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Buffer.from(await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }

  async close(): Promise<void> {
    await this.stop();
    this.client.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }
}
