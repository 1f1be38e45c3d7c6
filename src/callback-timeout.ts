import type { CallbackOptions } from "./types.js";

/** Why a callback was given up on: it did not settle within the flow's `callbackTimeout`. */
export class CallbackTimeoutError extends Error {
  override readonly name = "CallbackTimeoutError";
}

/**
 * Calls `callback` and waits at most `milliseconds` for the promise it returns to settle. When
 * time runs out the options' `signal` is aborted (so the callback can stop its work) and the
 * result rejects with {@link CallbackTimeoutError}; a later result is ignored. The timer is
 * cleared either way, so nothing is left scheduled. A synchronous throw rejects like a rejection.
 *
 * A callback that answers synchronously has nothing to wait for: its value is returned as it is,
 * and no timer or `AbortController` is made. The `signal` is made when the callback first reads
 * it, so a callback that never looks at it costs none either.
 */
export function callWithTimeout<T>(
  name: string,
  milliseconds: number,
  callback: (options: CallbackOptions) => T | PromiseLike<T>,
): Awaited<T> | Promise<Awaited<T>> {
  let controller: AbortController | undefined;
  // An own, enumerable property, so that `{ ...options }` and equality checks see the signal.
  const options: CallbackOptions = {
    get signal() {
      controller ??= new AbortController();
      return controller.signal;
    },
  };
  let result: T | PromiseLike<T>;
  try {
    result = callback(options);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!isThenable(result)) return result as Awaited<T>;
  const pending = result;
  return new Promise<Awaited<T>>((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new CallbackTimeoutError(`${name} did not settle within ${milliseconds} ms`);
      controller ??= new AbortController();
      controller.abort(error);
      reject(error);
    }, milliseconds);
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value as Awaited<T>);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
