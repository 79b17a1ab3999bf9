-- Failed guesses per merchant API key (issue 7, abuse): a value that names no object of the
-- merchant (an unknown token on a lookup, revocation or charge; a wrong checkout code), counted per
-- key and minute so every instance sees every miss. A key over its budget is answered 429 on
-- those endpoints until the window has moved on. Like auth_failures, a counter, not a log: the
-- crossing is audited (security.key_throttled), the individual misses are not kept beyond a day.
CREATE TABLE key_guess_misses (
    key_id          text NOT NULL,
    window_start    timestamptz NOT NULL,
    misses          integer NOT NULL CHECK (misses > 0),
    PRIMARY KEY (key_id, window_start)
);
CREATE INDEX key_guess_misses_window_idx ON key_guess_misses (window_start);
