import { Worker } from "node:worker_threads";

/**
 * scrypt on threads of our own, each at a lower CPU priority than the rest of the process (nice
 * 10 more, at most 19). A hash saturates a core for tens of milliseconds; on libuv's pool it competes as an
 * equal with the event loop (and, on one machine, with the database server), so every other
 * request slows down while sign-ins run. At nice 10 the scheduler gives the event loop and the
 * database the CPU first and the hashes everything left over: with nothing else to do they run
 * as fast as before. Linux sets the nice value per thread; where that is refused or unsupported
 * the threads run at normal priority, as libuv's would.
 *
 * The code runs from a string (no file to bundle), and the threads stop after a while idle so a
 * process that signed nobody in recently holds none.
 */
/** How much nicer than the process the hashing threads are. */
export const HASH_THREAD_NICE = 10;
const IDLE_MS = 30_000;

const THREAD_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const { scrypt } = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
let tid = null;
let priority = null;
try {
  tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  // Relative to the priority the thread inherited (the process's): a server started with nice
  // 5 hashes at 15, never above its own priority.
  os.setPriority(tid, Math.min(19, os.getPriority(tid) + workerData.nice));
  priority = os.getPriority(tid);
} catch {}
parentPort.on("message", ({ id, password, salt, keyLength, options }) => {
  scrypt(password, salt, keyLength, options, (err, key) => {
    if (err) parentPort.postMessage({ id, error: err.message });
    else parentPort.postMessage({ id, key });
  });
});
parentPort.postMessage({ ready: true, tid, priority });
`;

interface Job {
  id: number;
  password: string;
  salt: string;
  keyLength: number;
  options: { N: number; r: number; p: number; maxmem: number };
  resolve(key: Buffer): void;
  reject(err: Error): void;
}

interface HashThread {
  worker: Worker;
  job?: Job;
  idleTimer?: ReturnType<typeof setTimeout>;
  /** The thread's id and the priority it runs at (null where that could not be read or set). */
  info: Promise<{ tid: number | null; priority: number | null }>;
}

export class HashThreads {
  private readonly threads: HashThread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly size: number) {}

  scrypt(password: string, salt: string, keyLength: number, options: Job["options"]): Promise<Buffer> {
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, password, salt, keyLength, options, resolve, reject });
      this.dispatch();
    });
  }

  /** The running threads' ids and priorities (tests check the nice value took). */
  threadInfo() {
    return Promise.all(this.threads.map((t) => t.info));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const thread = this.threads.find((t) => !t.job) ?? (this.threads.length < this.size ? this.start() : undefined);
      if (!thread) return;
      const job = this.queue.shift() as Job;
      clearTimeout(thread.idleTimer);
      thread.job = job;
      thread.worker.ref(); // a pending hash keeps the process alive
      const { id, password, salt, keyLength, options } = job;
      thread.worker.postMessage({ id, password, salt, keyLength, options });
    }
  }

  private start(): HashThread {
    const worker = new Worker(THREAD_CODE, { eval: true, workerData: { nice: HASH_THREAD_NICE } });
    let ready: (info: { tid: number | null; priority: number | null }) => void = () => {};
    const thread: HashThread = { worker, info: new Promise((resolve) => (ready = resolve)) };
    worker.on(
      "message",
      (m: { ready?: true; tid: number | null; priority: number | null; error?: string; key?: Uint8Array }) => {
        if (m.ready) return ready({ tid: m.tid, priority: m.priority });
        const job = thread.job;
        thread.job = undefined;
        if (m.error !== undefined) job?.reject(new Error(m.error));
        else job?.resolve(Buffer.from(m.key as Uint8Array));
        this.idle(thread);
        this.dispatch();
      },
    );
    worker.on("error", (err) => this.fail(thread, err));
    worker.on("exit", () => this.fail(thread, new Error("the hash thread stopped")));
    this.threads.push(thread);
    return thread;
  }

  private idle(thread: HashThread): void {
    if (thread.job) return;
    thread.worker.unref();
    thread.idleTimer = setTimeout(() => void thread.worker.terminate(), IDLE_MS);
    thread.idleTimer.unref();
  }

  // A thread that died takes its job with it; the next hash starts a new one.
  private fail(thread: HashThread, err: Error): void {
    const index = this.threads.indexOf(thread);
    if (index === -1) return;
    this.threads.splice(index, 1);
    clearTimeout(thread.idleTimer);
    thread.job?.reject(err);
    thread.job = undefined;
    this.dispatch();
  }
}
