// Pure rules of the support view's live trace: filtered by device, held still while paused (frames counted, not
// shown), bounded to the newest TRACE_LIMIT frames. No API, no DOM.
import type { DeviceTraceView } from '../../../service/contract';

export type TraceDevice = DeviceTraceView['device'];
/** Most frames kept on screen: a busy printer must not grow the list without bound. */
export const TRACE_LIMIT = 500;

export interface TraceListState {
  traces: DeviceTraceView[];
  paused: boolean;
  missedWhilePaused: number;
  traceFilter: TraceDevice | null;
}

/** The list after one live frame arrived: the same state when filtered out, a count when paused. */
export function withLiveTrace(state: TraceListState, trace: DeviceTraceView): Pick<TraceListState, 'traces' | 'missedWhilePaused'> {
  if (state.traceFilter && trace.device !== state.traceFilter) return { traces: state.traces, missedWhilePaused: state.missedWhilePaused };
  if (state.paused) return { traces: state.traces, missedWhilePaused: state.missedWhilePaused + 1 };
  return { traces: [...state.traces, trace].slice(-TRACE_LIMIT), missedWhilePaused: state.missedWhilePaused };
}
