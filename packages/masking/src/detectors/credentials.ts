import { F_AUTH_GAP, F_DASH_RUN_5, F_TOKEN_RUN_16, F_UPPER_RUN_20 } from '../features';
import type { ValueDetector } from '../internal-types';

// Every built-in regex starts at a lookbehind boundary and uses bounded repetition, so each start position
// costs a bounded number of steps and a long adversarial value scans in linear time.

// Cheap pre-checks: one native scan with no lookbehind, before the full regex.
const BEARER_SCHEME = /(?:earer|asic|EARER|ASIC)[ \t]/;
const AWS_PREFIX = /A(?:KIA|SIA|BIA|CCA|GPA|IDA|ROA|NPA|NVA|PKA)/;
const TOKEN_PREFIX = /gh|glpat-|xox|k_live_|k_test_|sk-|whsec_|AIza|npm_/;

export const jwt: ValueDetector = {
  kind: 'value',
  needs: F_TOKEN_RUN_16,
  regex:
    /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,8192}\.eyJ[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,8192}/g,
  partial: false,
  prefilter: (s) => s.includes('eyJ'),
};

export const bearer: ValueDetector = {
  kind: 'value',
  needs: F_AUTH_GAP,
  regex:
    /(?<![A-Za-z0-9])((?:[Bb]earer|[Bb]asic|BEARER|BASIC)[ \t]{1,8})([A-Za-z0-9._~+/=-]{8,8192})()/g,
  partial: true,
  prefilter: (s) => BEARER_SCHEME.test(s),
};

export const awsAccessKey: ValueDetector = {
  kind: 'value',
  needs: F_UPPER_RUN_20,
  regex:
    /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  partial: false,
  prefilter: (s) => AWS_PREFIX.test(s),
};

export const apiToken: ValueDetector = {
  kind: 'value',
  needs: F_TOKEN_RUN_16,
  regex:
    /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}|glpat-[A-Za-z0-9_-]{20,64}|xox[abposre]-[A-Za-z0-9-]{10,255}|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,255}|whsec_[A-Za-z0-9+/=]{20,128}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,255}|AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36})/g,
  partial: false,
  prefilter: (s) => TOKEN_PREFIX.test(s),
};

export const privateKey: ValueDetector = {
  kind: 'value',
  needs: F_DASH_RUN_5,
  // Without an END line the rest of the value is masked: a cut-off key is still a secret.
  regex:
    /-----BEGIN[A-Z ]{0,40} PRIVATE KEY[A-Z ]{0,10}-----(?:[\s\S]{0,65536}?-----END[A-Z ]{0,40} PRIVATE KEY[A-Z ]{0,10}-----|[\s\S]*)/g,
  partial: false,
  prefilter: (s) => s.includes('PRIVATE KEY'),
};
