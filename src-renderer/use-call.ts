/**
 * A React hook that makes a call and keeps its outcome as state.
 */
import { useCallback, useEffect, useState } from 'react';
import type {
  ApiError,
  CallName,
  RequestOf,
  ResponseOf,
} from '../src-shared/contract.js';
import { call } from './transport.js';

/** The state of a call: loading, its value, or its failure. */
export interface CallState<T> {
  value: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/** Calls `name` with `req` whenever the request changes; null skips. */
export function useCall<N extends CallName>(
  name: N,
  req: RequestOf<N> | null,
): CallState<ResponseOf<N>> {
  const key = req === null ? null : JSON.stringify(req);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<{
    value: ResponseOf<N> | null;
    error: ApiError | null;
    loading: boolean;
  }>({ value: null, error: null, loading: key !== null });

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    void call(name, JSON.parse(key) as RequestOf<N>).then((e) => {
      if (!live) return;
      setState(
        e.ok
          ? { value: e.value, error: null, loading: false }
          : { value: null, error: e.error, loading: false },
      );
    });
    return () => {
      live = false;
    };
  }, [name, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
