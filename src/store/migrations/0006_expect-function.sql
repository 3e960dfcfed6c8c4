-- highway_expect(ok, message): raises SQLSTATE HWX01 with the message unless ok is true. A statement
-- that writes optimistically (data-modifying CTEs on remembered state) ends with it, so that it
-- rolls back as a whole when what it assumed no longer holds.
CREATE FUNCTION highway_expect(ok boolean, message text) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION USING ERRCODE = 'HWX01', MESSAGE = message;
  END IF;
  RETURN true;
END
$$;
