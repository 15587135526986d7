import { useEffect, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { stream, type StreamHandlers, type StreamListenerType, type StreamStatus } from './stream';

/** Run `handler` for each `type` the stream delivers while the component is mounted (the latest handler is used). */
export function useStreamEvent<K extends StreamListenerType>(type: K, handler: StreamHandlers[K]): void {
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const forward = (...args: unknown[]) => (ref.current as (...a: unknown[]) => void)(...args);
    return stream.on(type, forward as StreamHandlers[K]);
  }, [type]);
}

const subscribeStatus = (fn: () => void) => stream.subscribeStatus(fn);
const getStatus = () => stream.status;

/** The stream's connection state, for a discreet "Reconnecting…". */
export function useStreamStatus(): StreamStatus {
  return useSyncExternalStore(subscribeStatus, getStatus, getStatus);
}
