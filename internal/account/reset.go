package account

import (
	"context"
	"errors"

	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/validate"
)

// ResetJob is a password reset asked for an address, done off the request
// by SendReset.
type ResetJob struct {
	Email string `json:"email"`
	IP    string `json:"ip"`
}

// Kind names the job in the queue.
func (ResetJob) Kind() string { return "account.reset" }

// RequestReset has a password reset link e-mailed when address has an
// account. The request itself does the same work whether it has one or
// not, counting the attempt and queueing one job, so that neither its
// answer nor its time tells which addresses have an account: whether one
// does is looked up by the job.
func (s *Service) RequestReset(ctx context.Context, address string, m Meta) error {
	address, err := s.addressRequest(ctx, "reset", address, m, s.cfg.Limits.ResetIP, s.cfg.Limits.ResetAddress)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error { return tx.Queue(ctx, ResetJob{Email: address, IP: m.IP}) })
}

// SendReset does a ResetJob: it e-mails a reset link if the address has
// an account, and does nothing otherwise.
func (s *Service) SendReset(ctx context.Context, j ResetJob) error {
	m := Meta{IP: j.IP}
	return s.store.InTx(ctx, func(tx Tx) error {
		u, err := tx.UserByEmail(ctx, j.Email)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		token, err := s.newToken(ctx, tx, TokenReset, u, u.Email, s.cfg.ResetTTL)
		if err != nil {
			return err
		}
		if err := s.log(ctx, tx, EventResetRequested, "", u.ID, m, ""); err != nil {
			return err
		}
		return s.send(ctx, tx, u.Lang, mail.ResetPassword, u.Email, mail.Data{
			Name: u.FirstName, Link: s.link("/password/reset", token), Expires: s.cfg.ResetTTL})
	})
}

// addressRequest checks an address typed in a "send me a link" form and
// counts the request against the limits of action, per IP and per address.
func (s *Service) addressRequest(ctx context.Context, action, address string, m Meta, perIP, perAddress Rate) (string, error) {
	address = NormalizeEmail(address)
	var v validate.Errors
	v.Email("email", address)
	if err := v.Err(); err != nil {
		return "", err
	}
	return address, s.hit(ctx, limitCheck{ipKey(action, m.IP), perIP}, limitCheck{action + ":addr:" + address, perAddress})
}

// useLink consumes an e-mailed token of kind and returns it with its user.
// Unknown, expired and used links, and links of deleted accounts, are all
// ErrInvalidLink.
func (s *Service) useLink(ctx context.Context, tx Tx, token string, kind TokenKind) (Token, User, error) {
	t, err := tx.UseToken(ctx, s.hash(token), kind, s.now())
	if errors.Is(err, ErrNotFound) {
		return Token{}, User{}, ErrInvalidLink
	}
	if err != nil {
		return Token{}, User{}, err
	}
	u, err := tx.UserByID(ctx, t.UserID)
	if err != nil {
		return Token{}, User{}, err
	}
	if u.Deleted() {
		return Token{}, User{}, ErrInvalidLink
	}
	return t, u, nil
}

// CheckResetToken tells whether a reset link is still usable, so the page can
// say so before the user types a new password.
func (s *Service) CheckResetToken(ctx context.Context, token string) error {
	t, err := s.store.TokenByHash(ctx, s.hash(token))
	if err != nil || t.Kind != TokenReset || !t.UsedAt.IsZero() || !s.now().Before(t.ExpiresAt) {
		if err != nil && !errors.Is(err, ErrNotFound) {
			return err
		}
		return ErrInvalidLink
	}
	return nil
}

// ResetPassword consumes a reset link and sets a new password. Every
// credential of the account ends, sessions, API keys and connected
// applications alike: whoever held the account before the owner proved the
// address (someone who knew the old password, or who signed up with the
// owner's address and never confirmed it) is out. Receiving the link also
// proves the address, so an unconfirmed account becomes confirmed. The
// e-mail says what was ended.
func (s *Service) ResetPassword(ctx context.Context, token, password string, m Meta) error {
	var v validate.Errors
	CheckPassword(&v, "password", password)
	if err := v.Err(); err != nil {
		return err
	}
	if err := s.CheckResetToken(ctx, token); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		t, u, err := s.useLink(ctx, tx, token, TokenReset)
		if err != nil {
			return err
		}
		if u.Email != t.Email {
			return ErrInvalidLink
		}
		u.PasswordHash = hash
		if !u.Confirmed() {
			u.ConfirmedAt = s.now()
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		ended, err := s.endCredentials(ctx, tx, u)
		if err != nil {
			return err
		}
		if err := s.log(ctx, tx, EventPasswordReset, u.ID, u.ID, m, ended.String()); err != nil {
			return err
		}
		return s.send(ctx, tx, u.Lang, mail.PasswordReset, u.Email, mail.Data{
			Name: u.FirstName, Link: s.cfg.BaseURL + "/login", OtherLink: s.cfg.BaseURL + "/password/forgot", Ended: ended})
	})
}

// endCredentials ends every way into u's account: sessions, API keys,
// OAuth grants, and pending links (reset, confirmation, and e-mail change:
// a change asked by whoever held the account before would otherwise move
// it to their address).
func (s *Service) endCredentials(ctx context.Context, tx Tx, u User) (mail.Ended, error) {
	var e mail.Ended
	var err error
	if e.Sessions, err = tx.DeleteSessions(ctx, u.ID, ""); err != nil {
		return e, err
	}
	if e.Keys, err = tx.RevokeAPIKeys(ctx, u.ID, s.now()); err != nil {
		return e, err
	}
	if e.Apps, err = tx.EndOAuthGrants(ctx, u.ID); err != nil {
		return e, err
	}
	for _, k := range []TokenKind{TokenReset, TokenConfirm, TokenEmailChange} {
		if err := tx.DeleteTokens(ctx, u.ID, k); err != nil {
			return e, err
		}
	}
	return e, nil
}

// passwordChanged saves u's new hash, ends every session but keep and tells
// the owner by e-mail.
func (s *Service) passwordChanged(ctx context.Context, tx Tx, u User, keep string, kind EventKind, m Meta) error {
	if err := tx.UpdateUser(ctx, u); err != nil {
		return err
	}
	if _, err := tx.DeleteSessions(ctx, u.ID, keep); err != nil {
		return err
	}
	if err := tx.DeleteTokens(ctx, u.ID, TokenReset); err != nil {
		return err
	}
	if err := s.log(ctx, tx, kind, u.ID, u.ID, m, ""); err != nil {
		return err
	}
	return s.send(ctx, tx, u.Lang, mail.PasswordChanged, u.Email, mail.Data{
		Name: u.FirstName, Link: s.cfg.BaseURL + "/login", OtherLink: s.cfg.BaseURL + "/password/forgot"})
}
