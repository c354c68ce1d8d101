export { startViewer } from './viewer';
export { DEFAULT_MAX_SPANS } from './validate-options';
export type { TraceFilter, TraceSummary, Viewer, ViewerOptions, ViewerStats } from './types';
