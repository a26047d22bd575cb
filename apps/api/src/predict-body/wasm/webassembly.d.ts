// The part of the WebAssembly JavaScript API that wasm-history-reader.ts uses. Node 20 has all of it, but
// @types/node 20 does not declare it, and the DOM library (which does) is not for server code.
declare global {
  namespace WebAssembly {
    class Module {
      constructor(bytes: Uint8Array);
    }
    class Instance {
      constructor(module: Module, imports: object);
      readonly exports: Record<string, unknown>;
    }
    class Memory {
      readonly buffer: ArrayBuffer;
      grow(pages: number): number;
    }
  }
}

export {};
