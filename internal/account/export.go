package account

import "context"

// AuthorizeExport lets u download everything socle holds about them
// (GDPR article 20) after checking their password again, as a change of
// profile does: a session left open on a shared computer must not be
// enough to take a person's whole record. Each authorized export counts
// against Limits.Export, so that a stolen password cannot be used to pull
// the record over and over unnoticed; it is logged in the account's
// history. When u signs in with a second factor, a code (or recovery
// code) is needed too.
func (s *Service) AuthorizeExport(ctx context.Context, u User, password, code string, m Meta) error {
	if err := s.checkPassword(ctx, u, password, m); err != nil {
		return err
	}
	if err := s.checkSecondFactor(ctx, u, code, m); err != nil {
		return err
	}
	if err := s.hit(ctx, limitCheck{"export:" + u.ID, s.cfg.Limits.Export}); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		return s.log(ctx, tx, EventDataExported, u.ID, u.ID, m, "")
	})
}
