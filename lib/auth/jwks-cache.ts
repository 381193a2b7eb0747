import { createLocalJWKSet, type JSONWebKeySet, type JWTPayload, jwtVerify } from "jose";

type KeySet = ReturnType<typeof createLocalJWKSet>;

export class JwksUnavailableError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("The signing keys cannot be fetched right now.");
    this.name = "JwksUnavailableError";
  }
}

export interface JwksCacheOptions {
  fetchJwks: () => Promise<JSONWebKeySet>;
  /** How long fetched keys are fresh. */
  ttlMs?: number;
  /** The shortest time between two fetches when an unknown `kid` shows up. */
  refetchMinMs?: number;
  now?: () => number;
}

/**
 * JWKS with a 5-minute cache. When a refresh fails, the last keys that were fetched keep
 * working (a JWKS outage must not log everyone out); when no key was ever fetched, callers get
 * JwksUnavailableError, which the API turns into 503 + Retry-After.
 */
export class JwksCache {
  private keys: JSONWebKeySet | undefined;
  /** Built once per fetch: it imports each public key once, not once per verification. */
  private keySet: KeySet | undefined;
  private fetchedAt = 0;
  private lastAttempt = 0;
  private inflight: Promise<void> | undefined;
  private readonly ttl: number;
  private readonly refetchMin: number;
  private readonly now: () => number;

  constructor(private readonly options: JwksCacheOptions) {
    this.ttl = options.ttlMs ?? 5 * 60_000;
    this.refetchMin = options.refetchMinMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  private refresh(): Promise<void> {
    this.inflight ??= (async () => {
      this.lastAttempt = this.now();
      try {
        const jwks = await this.options.fetchJwks();
        if (!Array.isArray(jwks.keys)) throw new Error("not a JWKS");
        this.keys = jwks;
        this.keySet = createLocalJWKSet(jwks);
        this.fetchedAt = this.now();
      } catch (err) {
        if (!this.keys) throw new JwksUnavailableError(Math.ceil(this.refetchMin / 1000));
        console.warn(`[jwks] refresh failed, using the last known keys: ${(err as Error).message}`);
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  async getKeys(): Promise<JSONWebKeySet> {
    if (!this.keys || this.now() - this.fetchedAt > this.ttl) await this.refresh();
    return this.keys as JSONWebKeySet;
  }

  /** Verifies an RS256 JWT; an unknown `kid` triggers one early refresh (key rotation). */
  async verify(token: string, expected: { issuer: string; audience: string }): Promise<JWTPayload> {
    await this.getKeys();
    const options = { ...expected, algorithms: ["RS256"] };
    try {
      return (await jwtVerify(token, this.keySet as KeySet, options)).payload;
    } catch (err) {
      const noKey = (err as { code?: string }).code === "ERR_JWKS_NO_MATCHING_KEY";
      if (!noKey || this.now() - this.lastAttempt < this.refetchMin) throw err;
      await this.refresh();
      return (await jwtVerify(token, this.keySet as KeySet, options)).payload;
    }
  }
}
