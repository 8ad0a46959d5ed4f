import { headers as natsHeaders, type JsMsg } from 'nats';
import type { Bus } from './bus.js';

/**
 * Callers then `term()` the message without a reason: servers before 2.10.4 ignore a `+TERM`
 * that carries one, and the reason is in the record anyway.
 *
 * Keeps a message a consumer gave up on, with why, in the DEAD_LETTER stream under
 * `dead_letter.<stream>.<durable>`, so it can be inspected and replayed (docs/operations.md).
 */
export async function deadLetter(
  bus: Bus,
  msg: JsMsg,
  consumer: { stream: string; durable: string },
  reason: string,
): Promise<void> {
  const h = natsHeaders();
  h.set('Zhtj-Original-Subject', msg.subject);
  h.set('Zhtj-Original-Stream', consumer.stream);
  h.set('Zhtj-Original-Sequence', String(msg.seq));
  h.set('Zhtj-Consumer', consumer.durable);
  h.set('Zhtj-Deliveries', String(msg.info.redeliveryCount));
  h.set('Zhtj-Reason', reason.slice(0, 1000).replace(/[\r\n]+/g, ' '));
  const traceparent = msg.headers?.get('traceparent');
  if (traceparent) h.set('traceparent', traceparent);
  const subject = bus.namespace.subject(`dead_letter.${consumer.stream}.${consumer.durable}`);
  await bus.jetstream.publish(subject, msg.data, {
    headers: h,
    msgID: `dl:${consumer.stream}:${msg.seq}:${consumer.durable}`,
  });
}
