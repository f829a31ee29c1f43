package store

import (
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// The states the queries test, as SQL literals made of the domain's
// constants. They stay literals rather than bound parameters so that the
// partial indexes on pending rows (membership_requests_one_pending,
// transfers_one_pending) still match the queries that test them.
const (
	sqlPending         = "'" + string(org.StatusPending) + "'"
	sqlCanceled        = "'" + string(org.StatusCanceled) + "'"
	sqlTransferPending = "'" + string(catalog.TransferPending) + "'"
)
