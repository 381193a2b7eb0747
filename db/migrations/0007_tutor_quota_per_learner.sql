-- Hand-written (not generated from the schema): consume_tutor_message (0004) learns the
-- per-learner limit and "reset today's count" of tutor_limit (0006). The limit and the reset are
-- read after the learner's row is locked, so an admin's change applies to the very next message;
-- messages before a reset stop counting. The function also returns the limit it applied.
-- Called from db/queries/tutor.ts (consumeMessage). Times are epoch milliseconds.
DROP FUNCTION IF EXISTS consume_tutor_message(text, text, integer);--> statement-breakpoint
CREATE FUNCTION consume_tutor_message(p_user_id text, p_message_id text, p_default_limit integer)
RETURNS TABLE (accepted boolean, effective_limit integer, used_before integer, oldest_before_ms double precision, created_ms double precision)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_limit integer;
  v_reset timestamptz;
  v_used integer;
  v_oldest timestamptz;
  v_created timestamptz;
BEGIN
  PERFORM 1 FROM "user" WHERE id = p_user_id FOR UPDATE;
  SELECT l.daily_limit, l.reset_at INTO v_limit, v_reset FROM tutor_limit l WHERE l.user_id = p_user_id;
  v_limit := coalesce(v_limit, p_default_limit);
  SELECT count(*)::integer, min(m.created_at) INTO v_used, v_oldest
    FROM tutor_message m
    WHERE m.user_id = p_user_id
      AND m.created_at > greatest(now() - interval '24 hours', coalesce(v_reset, '-infinity'::timestamptz));
  IF v_used >= v_limit THEN
    RETURN QUERY SELECT false, v_limit, v_used, extract(epoch FROM v_oldest)::double precision * 1000, NULL::double precision;
    RETURN;
  END IF;
  INSERT INTO tutor_message (id, user_id) VALUES (p_message_id, p_user_id)
    RETURNING tutor_message.created_at INTO v_created;
  RETURN QUERY SELECT true, v_limit, v_used, extract(epoch FROM v_oldest)::double precision * 1000,
    extract(epoch FROM v_created)::double precision * 1000;
END
$$;
