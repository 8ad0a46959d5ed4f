import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { TokenVerifier } from '@zhtj/service-kit';
import type { OrgProjection } from '@zhtj/store';
import type { AppDependencies } from './app.js';
import type { DeliveryDependencies } from './events/subscriptions.js';
import { LiveMessages } from './live/live-messages.js';
import type { StreamSettings } from './routes/messages.routes.js';
import { messageModel } from './store/message.model.js';
import { MessageRepository } from './store/message.repository.js';

export type NotificationGraph = AppDependencies & DeliveryDependencies;

/** The service's object graph on its connections — shared by main.ts and the tests. */
export async function composeNotification(
  mongo: Connection,
  redis: Redis,
  options: { orgs: OrgProjection; verifyToken: TokenVerifier; stream: StreamSettings; liveChannel: string },
): Promise<NotificationGraph> {
  const model = messageModel(mongo);
  await model.init();
  return {
    messages: new MessageRepository(model),
    live: await LiveMessages.start(redis, options.liveChannel),
    orgs: options.orgs,
    verifyToken: options.verifyToken,
    stream: options.stream,
  };
}
