/* global URL */
import { withOtelkit } from '@otelkit/next';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The workspace root holds the lockfile; pinning the root keeps Next.js from guessing (and warning).
  turbopack: { root: new URL('../..', import.meta.url).pathname },
  outputFileTracingRoot: new URL('../..', import.meta.url).pathname,
};

export default withOtelkit(nextConfig);
