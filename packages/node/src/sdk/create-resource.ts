import { existsSync } from 'node:fs';
import {
  detectResources,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  type Resource,
  type ResourceDetector,
} from '@opentelemetry/resources';
import type { ResolvedConfig } from '../internal-types';
import { defaultResourceDetectorNames } from '../config/known-names';
import { findAppPackage } from './app-package';
import { hostDetector } from './host-detector';
import { distroName, distroVersion } from '../version';

type AwsModule = typeof import('@opentelemetry/resource-detector-aws');

// The cloud and container detector packages are required only when selected: @opentelemetry/resources is loaded by
// the SDK anyway, but gcp pulls in gcp-metadata, gaxios and google-logging-utils (25 modules, ~15 ms of CPU measured
// at start-up on the 2-core bench VM), aws 8 modules (~4 ms). The container detector is our own (container-detector).
const loadAws = () => require('@opentelemetry/resource-detector-aws') as AwsModule;

// `env` is absent on purpose: resolveConfig already parsed OTEL_RESOURCE_ATTRIBUTES (and reported bad values once).
const byName: Record<string, () => ResourceDetector[]> = {
  host: () => [hostDetector],
  os: () => [osDetector],
  process: () => [processDetector],
  serviceinstance: () => [serviceInstanceIdDetector],
  container: () => [
    (require('./container-detector') as typeof import('./container-detector')).containerDetector,
  ],
  gcp: () => [
    (
      require('@opentelemetry/resource-detector-gcp') as typeof import('@opentelemetry/resource-detector-gcp')
    ).gcpDetector,
  ],
  aws: () => {
    const aws = loadAws();
    return [aws.awsLambdaDetector, aws.awsEcsDetector, aws.awsBeanstalkDetector];
  },
  'aws-ec2': () => [loadAws().awsEc2Detector],
  'aws-eks': () => [loadAws().awsEksDetector],
};

/** Resource = detected attributes < OTEL_RESOURCE_ATTRIBUTES < code attributes < service name and distro. */
export function createResource(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
): { resource: Resource; serviceName: string } {
  const detected = detectResources({ detectors: selectDetectors(config.resourceDetectors, env) });
  const app = config.serviceName ? undefined : findAppPackage();
  const serviceName = config.serviceName ?? app?.name ?? 'unknown_service:node';
  const serviceVersion = config.serviceVersion ?? app?.version;
  const own = resourceFromAttributes({
    ...config.resourceAttributes,
    'service.name': serviceName,
    ...(serviceVersion ? { 'service.version': serviceVersion } : {}),
    'telemetry.distro.name': distroName,
    'telemetry.distro.version': distroVersion,
  });
  return { resource: detected.merge(own), serviceName };
}

/**
 * The detectors to run. A name in OTEL_NODE_RESOURCE_DETECTORS always runs its detectors; in the default list, a
 * cloud or container detector runs (and its package is loaded) only where it can find something, judged from the
 * same sign the detector itself checks first, so the detected attributes are the same as running it everywhere.
 */
export function selectDetectors(
  names: string[] | undefined,
  env: NodeJS.ProcessEnv,
): ResourceDetector[] {
  const explicit = names !== undefined;
  const list = names ?? defaultResourceDetectorNames;
  if (list.includes('none')) return [];
  const chosen = list.includes('all') ? Object.keys(byName) : list;
  return chosen.flatMap((name) => {
    if (!explicit && !worthRunning(name, env)) return [];
    return byName[name]?.() ?? [];
  });
}

function worthRunning(name: string, env: NodeJS.ProcessEnv): boolean {
  switch (name) {
    // Metadata-server probes cost seconds off-cloud: by default they wait for a sign that we are on that cloud.
    // Not KUBERNETES_SERVICE_HOST: it is set on every Kubernetes cluster, and a probe on EKS/AKS or on-premises
    // would only fail slowly; on GKE, name `gcp` in OTEL_NODE_RESOURCE_DETECTORS or set GOOGLE_CLOUD_PROJECT.
    case 'gcp':
      return Boolean(
        env.K_SERVICE ||
        env.FUNCTION_TARGET ||
        env.GAE_SERVICE ||
        env.GOOGLE_CLOUD_PROJECT ||
        env.GCE_METADATA_HOST,
      );
    case 'aws':
      return onAws(env);
    // The container detector reads /proc/self/cgroup and /proc/self/mountinfo, which exist only on Linux.
    case 'container':
      return process.platform === 'linux';
    default:
      return true;
  }
}

const BEANSTALK_CONF =
  process.platform === 'win32'
    ? 'C:\\Program Files\\Amazon\\XRay\\environment.conf'
    : '/var/elasticbeanstalk/xray/environment.conf';

/**
 * The first check of each of the `aws` detectors (resource-detector-aws 2.x): Lambda's AWS_EXECUTION_ENV, ECS's
 * metadata URI, Elastic Beanstalk's X-Ray configuration file. Where none holds, they detect nothing, and the
 * Beanstalk one would still give the resource a pending file read that the first export waits for.
 */
function onAws(env: NodeJS.ProcessEnv): boolean {
  if (env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_')) return true;
  if (env.ECS_CONTAINER_METADATA_URI_V4 || env.ECS_CONTAINER_METADATA_URI) return true;
  return existsSync(BEANSTALK_CONF);
}
