/** Why a callback was given up on: it did not settle within the flow's `callbackTimeout`. */
export class CallbackTimeoutError extends Error {
  override readonly name = "CallbackTimeoutError";
}

/**
 * Calls `callback` with an `AbortSignal` and waits at most `milliseconds` for it to settle. When
 * time runs out the signal is aborted (so the callback can stop its work) and the promise rejects
 * with {@link CallbackTimeoutError}; a later result is ignored. The timer is cleared either way,
 * so nothing is left scheduled. A synchronous throw rejects like a rejection.
 */
export function callWithTimeout<T>(
  name: string,
  milliseconds: number,
  callback: (signal: AbortSignal) => T | PromiseLike<T>,
): Promise<Awaited<T>> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const settled = new Promise<Awaited<T>>((resolve, reject) => {
    timer = setTimeout(() => {
      const error = new CallbackTimeoutError(`${name} did not settle within ${milliseconds} ms`);
      controller.abort(error);
      reject(error);
    }, milliseconds);
    try {
      Promise.resolve(callback(controller.signal)).then(resolve, reject);
    } catch (error) {
      reject(error);
    }
  });
  return settled.finally(() => clearTimeout(timer));
}
