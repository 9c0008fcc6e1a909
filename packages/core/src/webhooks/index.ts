export { createWebhooks } from './createWebhooks.js';
export { notifyWebhooks } from './notifyWebhooks.js';
export type { NotifyWebhooksOptions } from './notifyWebhooks.js';
export { signWebhookBody, WEBHOOK_HEADERS } from './signWebhookBody.js';
export { verifyWebhookSignature } from './verifyWebhookSignature.js';
export type { VerifyWebhookOptions, WebhookVerification } from './verifyWebhookSignature.js';
export type {
  PlayHook,
  PublishHook,
  RecordingReadyHook,
  SegmentHook,
  StreamEndHook,
  WebhookBackoff,
  WebhookBody,
  WebhookDecision,
  WebhookDelivery,
  WebhookEventName,
  WebhookPayloads,
  Webhooks,
  WebhooksOptions,
} from './webhookTypes.js';
