// Many identical reads at once (every open dashboard polling the fleet summary) cost the database
// one query per query-time instead of one per request, and no caller is ever answered from a read
// that began before it asked: a caller arriving while a read of its key runs waits for the next
// read, which starts as soon as the running one ends and answers everyone who queued meanwhile. So
// a write that committed before a request arrived is always in that request's answer, on this
// replica or any other.

interface Slot<T> {
  running: Promise<T>;
  next: Promise<T> | undefined;
}

const ignore = () => undefined;

export class SharedReads<T> {
  private readonly slots = new Map<string, Slot<T>>();

  /** Runs `read` for `key`, or joins the next read of that key when one is already running. */
  run(key: string, read: () => Promise<T>): Promise<T> {
    const slot = this.slots.get(key);
    if (slot === undefined) return this.begin(key, read);
    slot.next ??= slot.running.then(ignore, ignore).then(() => this.begin(key, read));
    return slot.next;
  }

  /** Keys with a read running (for tests and diagnostics). */
  get inFlight(): number {
    return this.slots.size;
  }

  private begin(key: string, read: () => Promise<T>): Promise<T> {
    const slot: Slot<T> = { running: Promise.resolve().then(read), next: undefined };
    this.slots.set(key, slot);
    // With no caller queued, the key is free again; otherwise the queued read takes the slot over.
    const release = () => {
      if (this.slots.get(key) === slot && slot.next === undefined) this.slots.delete(key);
    };
    slot.running.then(release, release);
    return slot.running;
  }
}
