import { isThenable } from "./internal/thenable.js";
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
 * it, so a callback that never looks at it costs none either (see {@link LazyCallbackOptions}).
 */
export function callWithTimeout<T>(
  name: string,
  milliseconds: number,
  callback: (options: CallbackOptions) => T | PromiseLike<T>,
): Awaited<T> | Promise<Awaited<T>> {
  const options = new LazyCallbackOptions();
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
      options.abort(error);
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

/**
 * The options a callback gets. `signal` is a getter on the prototype, so that a callback that
 * never reads it costs no `AbortController`; read it as `options.signal` or destructure it
 * (`{ signal }`), since spreading (`{ ...options }`) copies own properties only.
 */
class LazyCallbackOptions implements CallbackOptions {
  #controller: AbortController | undefined;

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  /** Aborts the signal: now if it was read, else as it is made. */
  abort(reason: CallbackTimeoutError): void {
    this.#controller ??= new AbortController();
    this.#controller.abort(reason);
  }
}
