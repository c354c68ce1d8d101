import { gcpDetector } from '@opentelemetry/resource-detector-gcp';
import {
  awsBeanstalkDetector,
  awsEc2Detector,
  awsEcsDetector,
  awsLambdaDetector,
} from '@opentelemetry/resource-detector-aws';
import { selectDetectors } from '../src/sdk/create-resource';
// otelkit's own (upstream's attributes, read without a dynamic import): see host-detector.test.ts.
import { hostDetector } from '../src/sdk/host-detector';
// otelkit's own (the upstream package's container.id, without loading it): see container-detector.test.ts.
import { containerDetector } from '../src/sdk/container-detector';

// The container detector reads /proc: by default it runs on Linux only.
const linuxContainer = process.platform === 'linux' ? [containerDetector] : [];

// A cloud detector in the default list runs only on a sign of its cloud (the first thing it checks itself); named
// in OTEL_NODE_RESOURCE_DETECTORS, it always runs.
// [what, OTEL_NODE_RESOURCE_DETECTORS as resolved (undefined = default), env, included, excluded]
describe('resource detector selection', () => {
  test.each<[string, string[] | undefined, Record<string, string>, unknown[], unknown[]]>([
    [
      'default off-cloud: no metadata-server probe, no aws detector',
      undefined,
      {},
      [hostDetector, ...linuxContainer],
      [gcpDetector, awsEc2Detector, awsLambdaDetector, awsEcsDetector, awsBeanstalkDetector],
    ],
    [
      'default on Lambda: the aws detectors',
      undefined,
      { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
      [awsLambdaDetector, awsEcsDetector, awsBeanstalkDetector],
      [awsEc2Detector, gcpDetector],
    ],
    [
      'default on ECS (v3 URI): the aws detectors',
      undefined,
      { ECS_CONTAINER_METADATA_URI: 'http://169.254.170.2/v3/x' },
      [awsEcsDetector],
      [awsEc2Detector],
    ],
    [
      'a non-Lambda AWS_EXECUTION_ENV is no sign',
      undefined,
      { AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE' },
      [],
      [awsLambdaDetector],
    ],
    [
      'Kubernetes alone is no sign of GCP',
      undefined,
      { KUBERNETES_SERVICE_HOST: '10.0.0.1' },
      [],
      [gcpDetector],
    ],
    ['aws named explicitly off-cloud', ['aws'], {}, [awsLambdaDetector, awsBeanstalkDetector], []],
    ['container named explicitly', ['container'], {}, [containerDetector], [hostDetector]],
    ['default on Cloud Run', undefined, { K_SERVICE: 'checkout' }, [gcpDetector], [awsEc2Detector]],
    ['default on Cloud Functions', undefined, { FUNCTION_TARGET: 'handler' }, [gcpDetector], []],
    ['default with a GCP project', undefined, { GOOGLE_CLOUD_PROJECT: 'p' }, [gcpDetector], []],
    ['gcp named explicitly', ['gcp'], {}, [gcpDetector], [hostDetector]],
    ['aws-ec2 only when named', ['aws-ec2'], {}, [awsEc2Detector], [awsLambdaDetector]],
    ['all', ['all'], {}, [gcpDetector, awsEc2Detector, hostDetector], []],
  ])('%s', (_what, names, env, included, excluded) => {
    const chosen = selectDetectors(names, env);
    for (const detector of included) expect(chosen).toContain(detector);
    for (const detector of excluded) expect(chosen).not.toContain(detector);
  });

  test('none runs no detector', () => {
    expect(selectDetectors(['none', 'host'], {})).toEqual([]);
  });
});
