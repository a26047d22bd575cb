// jsdom has no canvas, layout or media queries; these stand-ins let uPlot and theme hooks run (drawing is not checked).

function noopContext(): CanvasRenderingContext2D {
  const target: Record<string, unknown> = {
    measureText: (text: string) => ({ width: text.length * 6 }),
    getLineDash: () => [],
    createLinearGradient: () => ({ addColorStop() {} }),
  };
  return new Proxy(target, {
    get: (obj, key: string) => (key in obj ? obj[key] : () => undefined),
    set: (obj, key: string, value) => {
      obj[key] = value;
      return true;
    },
  }) as unknown as CanvasRenderingContext2D;
}

export function installBrowserStubs(): void {
  // Files that opt into the node environment (`@vitest-environment node`) need none of this.
  if (typeof window === 'undefined') return;
  HTMLCanvasElement.prototype.getContext = (() =>
    noopContext()) as unknown as HTMLCanvasElement['getContext'];

  if (typeof globalThis.Path2D === 'undefined') {
    globalThis.Path2D = class {
      moveTo() {}
      lineTo() {}
      rect() {}
      arc() {}
      closePath() {}
      bezierCurveTo() {}
      addPath() {}
    } as unknown as typeof Path2D;
  }

  if (typeof window.matchMedia !== 'function') {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addEventListener() {},
        removeEventListener() {},
        addListener() {},
        removeListener() {},
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }

  if (typeof globalThis.ResizeObserver === 'undefined') {
    globalThis.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  }

  if (typeof URL.createObjectURL !== 'function') {
    URL.createObjectURL = () => 'blob:test';
    URL.revokeObjectURL = () => {};
  }
}
