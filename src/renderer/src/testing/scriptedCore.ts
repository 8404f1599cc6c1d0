import type { RequestInput, RequestName, RequestOutcome, WavelaneBridge } from '../../../shared/contract/index';

type Handler<N extends RequestName> = (input: RequestInput<N>) => RequestOutcome<N> | Promise<RequestOutcome<N>>;
export type Script = { [N in RequestName]?: Handler<N> };

/**
 * A stand-in for the core's side of the contract in renderer unit tests (the real core is exercised by
 * the e2e tests): answers each request from a script and records every call, in order.
 */
export function scriptedCore(script: Script) {
  const calls: { name: RequestName; input: unknown }[] = [];
  const request: WavelaneBridge['request'] = async (name, input) => {
    calls.push({ name, input });
    const handler = script[name] as Handler<typeof name> | undefined;
    if (!handler) return { ok: false, error: { code: 'UNKNOWN_REQUEST', message: `no script for ${name}` } };
    return handler(input);
  };
  return { request, calls, names: () => calls.map((call) => call.name) };
}
