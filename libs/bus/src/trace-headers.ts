import { context, propagation, type Context } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from 'nats';

/** W3C trace context of the active span as a `traceparent` string, if a span is active. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/** NATS headers carrying the given (or the active) trace context. */
export function headersWithTrace(traceparent: string | undefined = currentTraceparent()): MsgHdrs {
  const h = natsHeaders();
  if (traceparent) h.set('traceparent', traceparent);
  return h;
}

/** The OpenTelemetry context a received message was sent under. */
export function contextFromHeaders(h: MsgHdrs | undefined): Context {
  const carrier: Record<string, string> = {};
  const traceparent = h?.get('traceparent');
  if (traceparent) carrier['traceparent'] = traceparent;
  return propagation.extract(context.active(), carrier);
}
