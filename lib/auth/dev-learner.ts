/**
 * Until sign-in exists, each browser is its own learner: the proxy gives it a random id in
 * this cookie, so progress is per visitor and survives restarts. The identity issue replaces
 * this with better-auth sessions behind the same lib/auth/session.ts functions.
 */
export const DEV_LEARNER_COOKIE = "itutor_learner";

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isLearnerId = (value: string | undefined): value is string => !!value && ID.test(value);
