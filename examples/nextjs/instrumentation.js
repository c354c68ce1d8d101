// The whole tracing set-up of the app. Next.js calls register() once per server runtime.
import { registerOTel } from '@otelkit/next';

export function register() {
  return registerOTel({ serviceName: 'shop' });
}
