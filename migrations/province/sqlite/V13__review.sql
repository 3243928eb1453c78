-- Version 13: the console's review of refused and conflicting changes reads them newest first
-- without scanning every accepted change. Keep in step with ../postgres/V13__review.sql.
CREATE INDEX changes_not_accepted ON changes(received_at) WHERE outcome <> 'accepted';
