-- +goose Up
-- The last request of a chunked upload claims it while it puts the parts
-- together: assembly names that request (NULL: none), assembling_since
-- dates its claim. A claimed upload takes no part and is left by the
-- clean-up until the claim is older than the retention (a request that
-- died); the claim is released when the file is refused, so that the
-- client may try again.
ALTER TABLE resource_uploads ADD COLUMN assembly TEXT;
ALTER TABLE resource_uploads ADD COLUMN assembling_since TIMESTAMPTZ;

-- +goose Down
ALTER TABLE resource_uploads DROP COLUMN assembling_since;
ALTER TABLE resource_uploads DROP COLUMN assembly;
