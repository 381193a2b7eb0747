-- Hand-written (not generated from the schema): the tutor quota check as one database call.
-- Counting a message used to be a client-side transaction of five round trips (begin, lock the
-- learner's row, count the last 24 hours, insert, commit); on the embedded database a client
-- transaction also holds every other query back while it waits on the app between statements.
-- Each statement of a volatile PL/pgSQL function takes a fresh snapshot, so the count after
-- the row lock sees every message committed by the calls it waited for: parallel sends for
-- one learner are still serialised and never exceed the limit.
-- Called from db/queries/tutor.ts (consumeMessage). Times are epoch milliseconds.
CREATE OR REPLACE FUNCTION consume_tutor_message(p_user_id text, p_message_id text, p_limit integer)
RETURNS TABLE (accepted boolean, used_before integer, oldest_before_ms double precision, created_ms double precision)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_used integer;
  v_oldest timestamptz;
  v_created timestamptz;
BEGIN
  PERFORM 1 FROM "user" WHERE id = p_user_id FOR UPDATE;
  SELECT count(*)::integer, min(m.created_at) INTO v_used, v_oldest
    FROM tutor_message m
    WHERE m.user_id = p_user_id AND m.created_at > now() - interval '24 hours';
  IF v_used >= p_limit THEN
    RETURN QUERY SELECT false, v_used, extract(epoch FROM v_oldest)::double precision * 1000, NULL::double precision;
    RETURN;
  END IF;
  INSERT INTO tutor_message (id, user_id) VALUES (p_message_id, p_user_id)
    RETURNING tutor_message.created_at INTO v_created;
  RETURN QUERY SELECT true, v_used, extract(epoch FROM v_oldest)::double precision * 1000,
    extract(epoch FROM v_created)::double precision * 1000;
END
$$;
