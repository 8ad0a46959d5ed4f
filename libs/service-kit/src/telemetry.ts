import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * Starts OpenTelemetry: W3C trace context is always propagated (HTTP in and out, NATS through
 * libs/bus), spans are exported only when an OTLP endpoint is configured.
 */
export function startTelemetry(options: { service: string; otlpEndpoint?: string | undefined }): { shutdown(): Promise<void> } {
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    ...(options.otlpEndpoint
      ? { traceExporter: new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }) }
      : { spanProcessors: [] }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics)/.test(req.url ?? '') }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
