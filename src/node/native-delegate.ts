/**
 * Makes a lightweight stand-in for a Fetch class (`Request`, `Headers`): `target` gets `base`'s
 * prototype, so `instanceof` holds, and every method and getter of `base` that `target` does not
 * define itself is answered by the native object `native(this)` returns. Whatever else the
 * class has in this Node version is read from the native object, so no member throws an
 * "illegal invocation".
 */
export function delegateToNative<T>(target: object, base: object, native: (self: T) => object): void {
  Object.setPrototypeOf(target, base);
  for (const key of Reflect.ownKeys(base)) {
    if (key === "constructor" || Object.hasOwn(target, key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(base, key);
    if (descriptor?.get !== undefined) {
      Object.defineProperty(target, key, {
        configurable: true,
        get(this: T) {
          return Reflect.get(native(this), key);
        },
      });
    } else if (typeof descriptor?.value === "function") {
      Object.defineProperty(target, key, {
        configurable: true,
        writable: true,
        value(this: T, ...args: unknown[]) {
          const object = native(this);
          return Reflect.apply(Reflect.get(object, key) as (...a: unknown[]) => unknown, object, args);
        },
      });
    }
  }
}
