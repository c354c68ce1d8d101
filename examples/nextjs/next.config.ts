import path from 'node:path';
import type { NextConfig } from 'next';
import { withOtelkit } from '@otelkit/next';

// The typed config create-next-app generates, wrapped: `next build` type-checks this file.
const nextConfig: NextConfig = {
  // The workspace root holds the lockfile; pinning the root keeps Next.js from guessing (and warning).
  turbopack: { root: path.join(__dirname, '..', '..') },
  outputFileTracingRoot: path.join(__dirname, '..', '..'),
};

export default withOtelkit(nextConfig);
